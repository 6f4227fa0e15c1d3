import { parseUrl } from './app-origin'

/**
 * The only URLs handed to `shell.openExternal` (E11): https: anywhere, or http: on the
 * engine's own origin (http://127.0.0.1:PORT, e.g. an authorize URL for the system browser).
 * Returns the re-serialized URL, never the raw string; null for everything else (file:,
 * javascript:, smb:, custom schemes, credentials in the URL, other http: hosts).
 */
export function safeExternalUrl(raw: unknown, serverOrigin: string | null): string | null {
  if (typeof raw !== 'string' || raw.length > 4096) return null
  const url = parseUrl(raw)
  if (!url || url.username !== '' || url.password !== '') return null
  if (url.protocol === 'https:') return url.hostname === '' ? null : url.href
  if (url.protocol === 'http:' && serverOrigin) {
    const server = parseUrl(serverOrigin)
    if (server && server.protocol === 'http:' && url.origin === server.origin) return url.href
  }
  return null
}
