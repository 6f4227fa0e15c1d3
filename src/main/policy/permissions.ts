import { isAppUrl } from './app-origin'

/**
 * Session permission policy (E5). Electron approves every permission by default; both the
 * request and the check handler consult this instead, and deny everything except:
 * - loopback / local network access, and only for the renderer's own origin: the UI talks
 *   to the engine on http://127.0.0.1:PORT, which Chromium's Local Network Access gates
 *   behind these permissions (older and newer names). Nothing else is ever granted.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'loopback-network',
  'local-network-access',
])

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | null | undefined,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl)
}
