import { DESKTOP_RENDERER_ORIGIN } from '../../shared/admin-api'

/**
 * The renderer is packaged content served by the privileged `app` scheme from one fixed
 * host, so its origin is `app://gatehouse` (the admin API accepts CORS from that origin only).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'gatehouse'
export const APP_ORIGIN = DESKTOP_RENDERER_ORIGIN
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** `new URL()` or null; never throws. */
export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null
  try {
    return new URL(raw)
  } catch {
    return null
  }
}

/**
 * True when `raw` is a URL on the renderer's own origin. WHATWG URL gives non-special schemes
 * an opaque origin (`new URL('app://x').origin === 'null'`), so the parts are compared one by
 * one, after parsing: never a prefix test (`app://gatehouse.evil`, `app://gatehouse@evil`).
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw)
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  )
}
