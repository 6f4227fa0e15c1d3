import { isAppUrl } from './app-origin'
import { safeExternalUrl } from './external-url'

/** will-navigate / will-frame-navigate / will-redirect: only the renderer's own origin (E9). */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url)
}

export interface WindowOpenDecision {
  /** No new Electron window, ever (E10). */
  action: 'deny'
  /** A vetted URL to open in the system browser instead, or null. */
  openExternally: string | null
}

/** setWindowOpenHandler: always deny; an http(s) link goes through safeExternalUrl (E11). */
export function windowOpenDecision(url: unknown, serverOrigin: string | null): WindowOpenDecision {
  return { action: 'deny', openExternally: safeExternalUrl(url, serverOrigin) }
}
