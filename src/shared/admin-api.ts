/**
 * The admin API contract shared by the engine and the UI. Everything under
 * /_gatehouse/api/ requires `Authorization: Bearer <admin token>`; the token is random per
 * launch (printed by `gatehouse serve` in the UI address fragment, handed to the Electron
 * renderer by the preload).
 */
import type { RunSummary } from './runner-api'

export const ADMIN_API_PREFIX = '/_gatehouse/api'
export const UI_PREFIX = '/_gatehouse/'

/** The origin the Electron renderer is served from (custom scheme, see src/main). */
export const DESKTOP_RENDERER_ORIGIN = 'app://gatehouse'

/** GET /_gatehouse/api/status */
export interface StatusResponse {
  product: 'Gatehouse'
  version: string
  /** Base URL of the emulated org, e.g. http://127.0.0.1:8787 */
  baseUrl: string
  /** Where the UI is served, without the token. */
  uiUrl: string
  /** Absolute URLs a user points an integration at. */
  endpoints: {
    login: string
    authorize: string
    token: string
    revoke: string
    introspect: string
    userinfo: string
    jwks: string
    discovery: string
    restApi: string
  }
  org: { id: string; name: string; edition: string }
  counts: { users: number; apps: number; profiles: number; permissionSets: number }
  dataDir: string
  clock: { now: string; offsetSeconds: number; frozen: boolean }
  startedAt: string
}

/** Shape of every admin API error body. */
export interface AdminErrorBody {
  error: string
  message: string
  issues?: AdminIssue[]
}

/**
 * One field of an admin API error: where (`in` the body, query or path parameters — or
 * elsewhere in the workspace, when an edit breaks a reference — and the path inside it, e.g.
 * `apps[0].callbackUrls[0]` or `limit`) and what is wrong.
 */
export interface AdminIssue {
  path: string
  message: string
  in?: 'body' | 'query' | 'params' | 'workspace'
}

// ---------------------------------------------------------------------------------------
// The flow trace: exchanges, flows, decoded JWTs (GET /exchanges, /flows, /events …)
// ---------------------------------------------------------------------------------------

/** One named decision an endpoint made (the "why" of its answer). */
export interface StepRecord {
  name: string
  outcome: 'passed' | 'failed' | 'skipped'
  detail: string
  error?: { error: string; error_description: string; status: number }
}

/** Which endpoint of the emulated org an exchange went to. */
export type TraceEndpoint =
  | 'authorize'
  | 'login'
  | 'continue'
  | 'consent'
  | 'token'
  | 'revoke'
  | 'introspect'
  | 'userinfo'
  | 'identity'
  | 'jwks'
  | 'discovery'
  | 'device'
  | 'rest'
  | 'asset'
  | 'other'

export const TRACE_ENDPOINTS: readonly TraceEndpoint[] = [
  'authorize',
  'login',
  'continue',
  'consent',
  'token',
  'revoke',
  'introspect',
  'userinfo',
  'identity',
  'jwks',
  'discovery',
  'device',
  'rest',
  'asset',
  'other',
]

/** `failed` when a step failed, the status is 4xx/5xx, or a redirect carries `error=`. */
export type ExchangeOutcome = 'ok' | 'failed'

export interface ExchangeSummary {
  /** Increases with every exchange; the paging cursor is built on it. */
  id: number
  flowId: number | null
  /** Virtual-clock time the request arrived (ISO 8601). */
  startedAt: string
  /** Real time the server took to answer, in milliseconds. */
  durationMs: number
  method: string
  /** Path and query, as the client sent them. */
  url: string
  endpoint: TraceEndpoint
  status: number
  outcome: ExchangeOutcome
  /** The step that decided a failure (or `http.<status>` when no step failed). */
  failedStep: string | null
  appKey: string | null
  appName: string | null
  userId: string | null
  username: string | null
  grantType: string | null
  /** The IP address the request was judged by. */
  clientIp: string | null
  /** Name (or id) of the fault rule that touched this request. */
  fault: string | null
}

/**
 * A captured body. Bodies larger than the recorder's cap are cut at `capBytes` and say so;
 * `bytes` is always the full size. Binary bodies are base64.
 */
export interface CapturedBody {
  text: string
  encoding: 'utf8' | 'base64'
  bytes: number
  truncated: boolean
  capBytes: number
  contentType: string | null
  /**
   * `form-reencoded`: a parsed form or JSON body written out again (same fields and values);
   * `stream`: a streamed response whose bytes were not kept.
   */
  note?: 'form-reencoded' | 'json-reencoded' | 'stream'
}

export type HeaderMap = Record<string, string | string[]>

/** Signature check of a decoded JWT against the key that should have signed it. */
export type JwtSignatureStatus =
  'valid' | 'invalid' | 'unknown_key' | 'no_key' | 'unsigned' | 'unsupported'

export interface JwtTime {
  claim: string
  value: number
  iso: string
  /** Relative to the exchange, e.g. "expires 2 h after this exchange". */
  relative: string
}

export interface DecodedJwt {
  /** Where the token was found, e.g. `request.body.assertion`, `response.body.id_token`. */
  location: string
  /** What it is: assertion, client_assertion, id_token, access_token, refresh_token, bearer … */
  kind: string
  token: string
  header: Record<string, unknown>
  claims: Record<string, unknown>
  times: JwtTime[]
  signature: {
    status: JwtSignatureStatus
    /** Plain words: which key was used and what happened. */
    detail: string
    keySource: 'gatehouse_jwks' | 'app_certificate' | null
    kid: string | null
  }
}

export interface ExchangeDetail extends ExchangeSummary {
  grantId: string | null
  /** The socket address (clientIp may be a simulated one). */
  socketIp: string | null
  request: { headers: HeaderMap; body: CapturedBody | null }
  response: { headers: HeaderMap; body: CapturedBody | null }
  steps: StepRecord[]
  /** What the fault rule did, as the fault engine described it. */
  faultDetail: Record<string, unknown> | null
  jwts: DecodedJwt[]
}

export type FlowKind =
  | 'web_server'
  | 'user_agent'
  | 'refresh_token'
  | 'password'
  | 'client_credentials'
  | 'jwt_bearer'
  | 'device'
  | 'token_exchange'
  | 'unknown'

export const FLOW_KINDS: readonly FlowKind[] = [
  'web_server',
  'user_agent',
  'refresh_token',
  'password',
  'client_credentials',
  'jwt_bearer',
  'device',
  'token_exchange',
  'unknown',
]

/**
 * `in_progress`: no tokens yet and nothing failed (e.g. waiting at the login page);
 * `succeeded`: tokens were issued and the latest exchange went well;
 * `failed`: the latest exchange failed, at `failedStep`.
 */
export type FlowStatus = 'in_progress' | 'succeeded' | 'failed'

export const FLOW_STATUSES: readonly FlowStatus[] = ['in_progress', 'succeeded', 'failed']

export interface FlowSummary {
  id: number
  kind: FlowKind
  appKey: string | null
  appName: string | null
  userId: string | null
  username: string | null
  grantId: string | null
  status: FlowStatus
  failedStep: string | null
  failedExchangeId: number | null
  startedAt: string
  endedAt: string
  exchangeCount: number
}

export interface FlowDetail extends FlowSummary {
  /** Oldest first; exchanges pruned from the trace are no longer listed. */
  exchanges: ExchangeSummary[]
}

/** A page of a list; pass `nextCursor` as `cursor` to get the next (older) page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** Server-sent events on GET /_gatehouse/api/events (the SSE `event:` name is `type`). */
export type AdminEvent =
  | { type: 'exchange'; exchange: ExchangeSummary }
  | { type: 'flow'; flow: FlowSummary }
  | { type: 'cleared' }
  | { type: 'run'; run: RunSummary }
  | { type: 'run-deleted'; id: number }
  | { type: 'paused'; paused: PausedExchange }
  | { type: 'released'; released: ReleasedExchange }

// ---------------------------------------------------------------------------------------
// Breakpoints (README "Breakpoints")
// ---------------------------------------------------------------------------------------

/** Where a breakpoint pauses: before any check, or after the decision before a byte is sent. */
export type BreakpointStage = 'request' | 'response'

/** GET /_gatehouse/api/paused — one exchange held by a breakpoint. */
export interface PausedExchange {
  /** Addresses it in /paused/{id}/continue|fail|drop. */
  id: string
  /** The id of the breakpoint that paused it. */
  breakpoint: string
  breakpointName?: string
  at: BreakpointStage
  /**
   * The exchange's id in the trace. Exchanges are recorded once they are answered, so while
   * one is paused this is null; the trace entry carries the `breakpoint.<at>` step.
   */
  exchangeId: number | null
  /** ISO time (real time) it was paused. */
  since: string
  /** ISO time (real time) it continues unchanged if nobody decides. */
  deadline: string
  request: {
    method: string
    url: string
    headers: Record<string, string | string[]>
    /** Query and form body parameters. */
    params: Record<string, string>
  }
  /** At `response`: the answer the server decided on, not yet sent. */
  response?: { status: number; headers: Record<string, string | string[]>; body: string }
  /** At `response`: the step that decided a refusal. */
  failedStep?: StepRecord
}

/** How a paused exchange was let go. */
export type ReleaseHow =
  'continued' | 'failed' | 'dropped' | 'timed-out' | 'disconnected' | 'shutdown'

/** The `released` event: a paused exchange is no longer held. */
export interface ReleasedExchange {
  id: string
  breakpoint: string
  at: BreakpointStage
  how: ReleaseHow
  /** Whether the request or the answer was changed (continue with edits, fail). */
  changed: boolean
}

// ---------------------------------------------------------------------------------------
// Engine controls
// ---------------------------------------------------------------------------------------

/** GET/PUT/POST /_gatehouse/api/clock… */
export interface ClockResponse {
  now: string
  nowMs: number
  offsetSeconds: number
  frozen: boolean
}

/** POST /_gatehouse/api/apps/{consumerKey}/secret — the only time the secret is shown. */
export interface RotatedSecretResponse {
  consumerKey: string
  consumerSecret: string
}

/** GET /_gatehouse/api/keys and POST /_gatehouse/api/keys/rotate */
export interface KeysResponse {
  activeKid: string
  keys: Array<{ kid: string; kty: string; alg: string; use: string; n: string; e: string }>
}

/** GET /_gatehouse/api/trace — what the recorder holds. */
export interface TraceStatsResponse {
  enabled: boolean
  exchanges: number
  flows: number
  bytes: number
  maxExchanges: number
  maxBytes: number
  maxBodyBytes: number
  /**
   * Exchanges the text search index does not hold yet (it is brought up to date while the
   * recorder is idle; until then a search reads them). Absent with recording off.
   */
  searchIndexPending?: number
}
