import { ADMIN_API_PREFIX } from '../../../shared/admin-api'
import { getBridge } from './bridge'

/** Where the admin API lives and the per-launch token that unlocks it. */
export interface Connection {
  /** Absolute URL of the admin API, ending in /_gatehouse/api */
  adminApi: string
  /** Origin of the emulated org (and of the admin API) */
  origin: string
  adminToken: string
  mode: 'desktop' | 'browser'
}

export type ConnectionResult =
  | { kind: 'connected'; connection: Connection }
  | { kind: 'missing-token' }
  | { kind: 'failed'; message: string }

const TOKEN_KEY = 'gatehouse.adminToken'

/**
 * Reads `token=…` from a URL fragment and returns the token and the fragment without it:
 * `#token=abc` → abc and '', `#/traffic&token=abc` → abc and '#/traffic'.
 */
export function takeTokenFromHash(hash: string): { token: string | null; rest: string } {
  let token: string | null = null
  const kept: string[] = []
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part.startsWith('token=')) token = safeDecode(part.slice('token='.length)) || null
    else if (part) kept.push(part)
  }
  return { token, rest: kept.length > 0 ? '#' + kept.join('&') : '' }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

function adminApiFor(base: string): string {
  const trimmed = base.replace(/\/+$/, '')
  return trimmed.endsWith(ADMIN_API_PREFIX) ? trimmed : trimmed + ADMIN_API_PREFIX
}

function readStoredToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

function storeToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(TOKEN_KEY)
    else window.sessionStorage.setItem(TOKEN_KEY, token)
  } catch {
    // Storage can be disabled; the token then lasts as long as the page.
  }
}

/** Forget a token the server no longer accepts, so a reload shows the "needs the address" screen. */
export function forgetStoredToken(): void {
  storeToken(null)
}

/**
 * Works out how to reach the admin API. In Electron the preload hands over address and token;
 * in a browser the API is the page's own origin and the token arrives once, in the URL fragment
 * (`/_gatehouse/#token=…`). It is kept in sessionStorage so reloads work, and removed from the
 * visible URL straight away.
 */
export async function resolveConnection(): Promise<ConnectionResult> {
  const bridge = getBridge()
  if (bridge) {
    try {
      const { apiBase, adminToken } = await bridge.connection()
      if (!adminToken) return { kind: 'missing-token' }
      const adminApi = adminApiFor(apiBase)
      return {
        kind: 'connected',
        connection: { adminApi, origin: new URL(adminApi).origin, adminToken, mode: 'desktop' },
      }
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
    }
  }

  const { token: fromHash, rest } = takeTokenFromHash(window.location.hash)
  if (fromHash) {
    storeToken(fromHash)
    const { pathname, search } = window.location
    window.history.replaceState(window.history.state, '', pathname + search + rest)
  }
  const adminToken = fromHash ?? readStoredToken()
  if (!adminToken) return { kind: 'missing-token' }
  const origin = window.location.origin
  return {
    kind: 'connected',
    connection: { adminApi: adminApiFor(origin), origin, adminToken, mode: 'browser' },
  }
}
