/**
 * The admin API contract shared by the engine and the UI. Everything under
 * /_gatehouse/api/ requires `Authorization: Bearer <admin token>`; the token is random per
 * launch (printed by `gatehouse serve` in the UI address fragment, handed to the Electron
 * renderer by the preload).
 */
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
  issues?: Array<{ path: string; message: string }>
}
