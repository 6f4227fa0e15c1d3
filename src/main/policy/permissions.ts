import { isAppUrl } from './app-origin'

/**
 * Session permission policy (E5). Electron approves every permission by default; both the
 * request and the check handler consult this instead, and deny everything except, and only
 * for the renderer's own origin:
 * - loopback / local network access: the UI talks to the engine on http://127.0.0.1:PORT,
 *   which Chromium's Local Network Access gates behind these permissions (older and newer
 *   names);
 * - notifications: the desktop app tells the user, with a system notification, when a
 *   breakpoint paused an exchange while the window was in the background.
 * Nothing else is ever granted.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'loopback-network',
  'local-network-access',
  'notifications',
])

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | null | undefined,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl)
}
