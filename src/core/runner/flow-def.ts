import type { RunFlowName, ParamLocation, RunResponse, RunStep } from '../../shared/runner-api'
import type { WorkspaceApp, WorkspaceUser } from '../workspace'

/**
 * How the runner describes a flow: an ordered list of step definitions. Each step builds its
 * request from the run's context (the app, the user, the run's secrets and what earlier steps
 * handed on); the runner sends it, records what came back and moves on.
 */

/** Values generated once per run (PKCE, state, nonce), kept with the run. */
export interface RunSecrets {
  state: string
  nonce: string
  codeVerifier: string
  codeChallenge: string
  /** The newest recorded exchange when the run began ("sign in yourself" looks after it). */
  traceFrom?: number
}

export interface RunContext {
  flow: RunFlowName
  app: WorkspaceApp
  user: WorkspaceUser | null
  options: Record<string, unknown>
  secrets: RunSecrets
  /** The emulated org's base URL (the runner's own origin). */
  baseUrl: string
  /** What the steps sent so far handed on, the latest value of each name winning. */
  vars: Record<string, string>
  /** The steps before this one, as they stand. */
  earlier: RunStep[]
  /** The previous step's response, when it was sent. */
  previous: RunResponse | undefined
  /** Signs a JWT bearer assertion (the runner's key source: the user's key or the demo key). */
  signAssertion(claims: Record<string, unknown>): Promise<string>
  /** The virtual clock, in ms (claims' iat/exp are on the org's clock). */
  now(): number
}

/** A step's request before edits. */
export interface PlannedRequest {
  method: 'GET' | 'POST'
  /** Path on the emulated org (with no query), or an absolute URL. */
  path: string
  params: Record<string, string>
  paramLocation: ParamLocation
  headers?: Record<string, string>
  /** A JWT to sign into `claimsParam` after the user's claim edits. */
  claims?: Record<string, unknown>
  claimsParam?: string
  /** A page the runner loads as the run's browser (sends the run's cookies, asks for HTML). */
  browser?: boolean
}

/** Thrown by build() when the step cannot be built from what earlier steps returned. */
export class StepNotReady extends Error {}

export interface StepDef {
  name: string
  title: string
  /** What happens and why, told to a newcomer (presenter mode). */
  narrative: string
  /** Null: send it; a reason: skip it (e.g. no consent page when the app is pre-approved). */
  skip?(ctx: RunContext): string | null
  build(ctx: RunContext): PlannedRequest
  /** A refusal is expected here (a device poll before the user approved). */
  refusalExpected?: boolean
  /**
   * The person sends this request from their own browser ("sign in yourself"): the runner
   * shows it, and picks up the answer from the trace instead of sending it.
   */
  external?: boolean
}

export interface FlowDef {
  name: RunFlowName
  title: string
  /** One line: what the flow is for. */
  summary: string
  /** The flow needs a workspace user (the browser flows, password, device …). */
  needsUser: boolean
  /** Null when the app allows the flow; else the setting that keeps it from running. */
  disabledBecause(app: WorkspaceApp, options: Record<string, unknown>): string | null
  /** The steps, fixed when the run is created (they may depend on the options). */
  steps(app: WorkspaceApp, options: Record<string, unknown>): StepDef[]
  /** Checks the options; returns one message per bad option (field named). */
  checkOptions?(options: Record<string, unknown>): Array<{ path: string; message: string }>
}
