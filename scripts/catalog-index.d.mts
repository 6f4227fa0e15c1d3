export function catalogIndexSource(names: Iterable<string>): string
export function currentNames(): string[]
