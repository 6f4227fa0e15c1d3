// Types for the parts of proc.mjs the unit tests use.
export type ThreadGroup = 'request' | 'recorder' | 'gatehouse' | 'pool'

export const THREAD_GROUPS: ThreadGroup[]

export function threadCpuSeconds(
  pid: number,
): Map<string, { group: ThreadGroup; seconds: number }> | null

export function threadCpuBetween(
  before: Map<string, { group: ThreadGroup; seconds: number }> | null,
  after: Map<string, { group: ThreadGroup; seconds: number }> | null,
): Record<ThreadGroup, number> | null
