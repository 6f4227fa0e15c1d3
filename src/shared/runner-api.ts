import type { DecodedJwt, StepRecord } from './admin-api'

/**
 * The flow runner's contract (admin API `/_gatehouse/api/runs`, `gatehouse run --json`, the
 * Run view): the workbench plays the client, one real HTTP exchange per step.
 */

/** Every flow the runner can play. The names are a contract: scripts and tests use them. */
export const RUN_FLOWS = [
  'web-server',
  'user-agent',
  'username-password',
  'client-credentials',
  'jwt-bearer',
  'device',
  'device-rfc8628',
  'refresh',
  'token-exchange',
  'asset-token',
  'revoke',
  'introspect',
  'userinfo',
  'identity',
  'rest-query',
] as const

export type RunFlowName = (typeof RUN_FLOWS)[number]

/**
 * `ready`: nothing sent yet; `in_progress`: some steps sent, more to go; `completed`: every
 * step sent (or skipped) and the server accepted the last; `failed`: the server refused a
 * step (the run stops there; re-run a step to go on).
 */
export type RunStatus = 'ready' | 'in_progress' | 'completed' | 'failed'

export type RunStepStatus = 'pending' | 'sent' | 'skipped'

/** Where a request's parameters travel. */
export type ParamLocation = 'query' | 'form' | 'none'

/** A step's request: as it will be sent (pending) or as it was sent. */
export interface RunRequest {
  method: string
  /** Absolute URL, query included. */
  url: string
  headers: Record<string, string>
  /** The parameters (query for GET, form fields for POST), in order. */
  params: Record<string, string>
  paramLocation: ParamLocation
  /** The raw body as sent (form-encoded for POST), null for none. */
  body: string | null
  /** For a step that signs a JWT (jwt-bearer's assertion): the claims before signing. */
  claims?: Record<string, unknown>
  /** The parameter the signed JWT went into. */
  claimsParam?: string
}

export interface RunResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** The Location header resolved against the server (never followed). */
  location: string | null
}

/** What a step means, for people: the story of the step and each parameter in one line. */
export interface RunStepExplain {
  /** What happens in this step and why (presenter mode's narrative). */
  narrative: string
  /** One line per parameter of the request: what it is, what it must match, what a wrong value gets. */
  params: Record<string, string>
  /** The same for the headers that matter (Authorization …). */
  headers: Record<string, string>
}

export interface RunStep {
  index: number
  /** Stable machine name within the flow (`authorize`, `login`, `token` …). */
  name: string
  title: string
  status: RunStepStatus
  /** Pending: the request as it will be sent (once earlier steps allow it to be built). */
  request?: RunRequest
  response?: RunResponse
  /** The recorded exchange (Traffic view, GET /exchanges/{id}). */
  exchangeId?: number
  /** `failed` when the server refused the request (the trace's outcome). */
  outcome?: 'ok' | 'failed'
  /** The server's step that refused the request (the "Why"). */
  failedStep?: string
  explain?: RunStepExplain
  /** The server's named steps for this exchange, in order. */
  why?: StepRecord[]
  /** JWTs in the request and the response, decoded and checked. */
  jwts?: DecodedJwt[]
  /** Values this step hands on to later steps (code, tokens, device code …). */
  handsOn?: Record<string, string>
  /** Why a step was skipped, or why a pending one cannot be built yet. */
  note?: string
  /** A refusal here is part of the lesson (a device poll before approval), not a failure. */
  refusalExpected?: boolean
  sentAt?: string
  /** The person's edits to the request as built, when it was sent with some. */
  edits?: RunStepEdits
}

export interface Run {
  id: number
  flow: RunFlowName
  /** The app's name. */
  app: string
  appKey: string
  /** Username, or null for flows without a user. */
  user: string | null
  options: Record<string, unknown>
  status: RunStatus
  steps: RunStep[]
  /** Index of the next step to send, or null when there is none. */
  next: number | null
  /** The flow the run's exchanges belong to in the trace. */
  flowId: number | null
  createdAt: string
  updatedAt: string
}

export type RunSummary = Omit<Run, 'steps' | 'options'> & { stepCount: number; sentCount: number }

/** Edits to a step's request before it is sent. */
export interface RunStepEdits {
  /** Set (add or replace) parameters. */
  params?: Record<string, string>
  removeParams?: string[]
  /** Set headers; null removes one. */
  headers?: Record<string, string | null>
  /** For a step that signs a JWT: claims to set before signing (null removes one). */
  claims?: Record<string, unknown>
  /** Replace the raw body (sent as is; params are then ignored for the body). */
  body?: string
}

/** POST /_gatehouse/api/runs */
export interface CreateRunRequest {
  flow: RunFlowName
  app: string
  user?: string
  options?: Record<string, unknown>
}

/** What the runner offers for an app (GET /runs/flows?app=…): each flow, allowed or why not. */
export interface RunFlowAvailability {
  flow: RunFlowName
  title: string
  summary: string
  needsUser: boolean
  /** Null when the app allows it; else the setting that disables it. */
  disabledBecause: string | null
}
