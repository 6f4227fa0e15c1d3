import type { Gatehouse } from '../../gatehouse'
import type { WorkspaceApp } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import type { HasStepLog } from '../steps'
import type { AuthorizeParams, PkceChallenge, PromptValue, ResponseType } from './request'

/**
 * What the request-validation steps share. Each step fills in what it established (the app,
 * the verified redirect URI, the scopes …) for the steps after it.
 */
export interface ValidationContext extends HasStepLog {
  engine: Gatehouse
  /** request.gatehouse: the steps are recorded here, and who the request is about. */
  trace: ExchangeTrace
  method: string
  params: AuthorizeParams
  app?: WorkspaceApp
  redirectUri?: string
  responseType?: ResponseType
  scopes?: string[]
  pkce?: PkceChallenge | null
  prompt?: Set<PromptValue>
}

/** A value an earlier step must have set; its absence is a bug in the step table. */
export function established<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`authorize: ${what} was not established by an earlier step`)
  }
  return value
}
