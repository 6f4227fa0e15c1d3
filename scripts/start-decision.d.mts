export interface DecisionFs {
  existsSync(path: string): boolean
  readFileSync(path: string, encoding: 'utf8'): string
}

export type Env = Record<string, string | undefined>

export function findElectronBinary(input: {
  electronDir: string | null
  env: Env
  fs: DecisionFs
}): string | null

export function hasDisplay(platform: string, env: Env): boolean

export type StartDecision =
  | { mode: 'desktop'; electronBinary: string; args: string[] }
  | {
      mode: 'headless'
      reason: 'forced' | 'no-binary' | 'no-display'
      message: string
      args: string[]
    }

export function decideStartMode(input: {
  platform: string
  env: Env
  electronBinary: string | null
  args?: string[]
}): StartDecision

export type NativeTarget =
  { runtime: 'node'; abi: string } | { runtime: 'electron'; version: string }

export function nativeBuildKey(target: NativeTarget): string

export function nativeSwitchAction(state: {
  loadsInTarget: boolean
  cachedForTarget: boolean
}): 'ready' | 'restore' | 'rebuild'
