import type { OAuthError } from '../../salesforce/errors'

/**
 * Where authorization response parameters go: the query for the web server flow, the
 * fragment for the user-agent flow (reference §3, "Error redirects").
 */
export type ResponseMode = 'query' | 'fragment'

/**
 * Appends response parameters to a verified redirect URI. The registered URI is kept exactly
 * as registered (re-serialising it through URL would re-encode its own query), and the new
 * parameters are form-encoded after it. `undefined` values are left out; an empty `state` is
 * still echoed.
 */
export function authorizationResponseUrl(
  redirectUri: string,
  fields: ReadonlyArray<[string, string | undefined]>,
  mode: ResponseMode = 'query',
): string {
  const params = new URLSearchParams()
  for (const [name, value] of fields) if (value !== undefined) params.append(name, value)
  const encoded = params.toString()
  if (mode === 'fragment') return `${redirectUri}#${encoded}`
  if (!redirectUri.includes('?')) return `${redirectUri}?${encoded}`
  return /[?&]$/.test(redirectUri) ? redirectUri + encoded : `${redirectUri}&${encoded}`
}

/** `redirect_uri?code=…&state=…&iss=…` (iss per RFC 9207; clients ignore unknown params). */
export function codeResponseUrl(
  redirectUri: string,
  code: string,
  state: string | undefined,
  issuer: string,
): string {
  return authorizationResponseUrl(redirectUri, [
    ['code', code],
    ['state', state],
    ['iss', issuer],
  ])
}

/** `redirect_uri?error=…&error_description=…&state=…&iss=…`. */
export function errorResponseUrl(
  redirectUri: string,
  err: OAuthError,
  state: string | undefined,
  issuer: string,
  mode: ResponseMode = 'query',
): string {
  return authorizationResponseUrl(
    redirectUri,
    [
      ['error', err.error],
      ['error_description', err.description],
      ['state', state],
      ['iss', issuer],
    ],
    mode,
  )
}
