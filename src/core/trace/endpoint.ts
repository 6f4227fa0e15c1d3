import type { TraceEndpoint } from '../../shared/admin-api'

/** The path of a URL, without its query or fragment. */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

const EXACT: Record<string, TraceEndpoint> = {
  '/services/oauth2/authorize': 'authorize',
  '/services/oauth2/authorize/login': 'login',
  '/services/oauth2/authorize/continue': 'continue',
  '/services/oauth2/authorize/consent': 'consent',
  '/services/oauth2/token': 'token',
  '/services/oauth2/revoke': 'revoke',
  '/services/oauth2/introspect': 'introspect',
  '/services/oauth2/userinfo': 'userinfo',
  '/id/keys': 'jwks',
  '/setup/connect': 'device',
}

/** Which endpoint of the emulated org a request went to (for filters and correlation). */
export function classifyEndpoint(url: string): TraceEndpoint {
  const path = pathOf(url)
  const exact = EXACT[path] ?? EXACT[path.replace(/\/+$/, '')]
  if (exact) return exact
  if (path.startsWith('/services/data')) return 'rest'
  if (path.startsWith('/id/')) return 'identity'
  if (path.startsWith('/.well-known/')) return 'discovery'
  if (path.startsWith('/services/oauth2/assets/')) return 'asset'
  if (path.startsWith('/setup/connect') || path.startsWith('/services/oauth2/device')) {
    return 'device'
  }
  return 'other'
}
