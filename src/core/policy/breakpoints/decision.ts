import type { FaultPreset } from '../../workspace/types'

/**
 * What becomes of a paused exchange: the three decisions a person (or script) can take, and
 * the three ways it is let go without one. Every release but drop and disconnect ends in an
 * answer to the client.
 */

/** Continue at `request`: parameters set or removed, headers set (null removes one). */
export interface RequestEdits {
  params?: Record<string, string>
  removeParams?: string[]
  headers?: Record<string, string | null>
}

/** Continue at `response`: the status, headers (null removes one) or body replaced. */
export interface ResponseEdits {
  status?: number
  headers?: Record<string, string | null>
  body?: string
}

/** Fail: a fault preset, or a Salesforce error, answered in the endpoint's own shape. */
export type FailWith =
  { preset: FaultPreset } | { status: number; error: string; error_description?: string }

export type Decision =
  | { kind: 'continue'; request?: RequestEdits; response?: ResponseEdits }
  | { kind: 'fail'; with: FailWith }
  | { kind: 'drop' }
  | { kind: 'timeout' }
  | { kind: 'disconnected' }
  | { kind: 'shutdown' }
