/** Plain-language notes on JWT header members and claims, and the problems a token has. */

export const HEADER_NOTES: Record<string, string> = {
  alg: 'Signature algorithm. Gatehouse and Salesforce sign with RS256; "none" means unsigned.',
  kid: 'Key id: which published key (at /id/keys) signed the token.',
  typ: 'Media type of the token, usually "JWT".',
  cty: 'Content type of the payload (for nested tokens).',
  x5t: 'SHA-1 thumbprint of the certificate whose key signed the token.',
  'x5t#S256': 'SHA-256 thumbprint of the signing certificate.',
  jku: 'URL of the key set the signer claims to use (never trust it blindly).',
}

export const CLAIM_NOTES: Record<string, string> = {
  iss: 'Issuer: who made the token. Gatehouse tokens name the org’s URL; a JWT bearer assertion names the app’s consumer key.',
  sub: 'Subject: whom the token is about — a user’s identity URL, or the username in a JWT bearer assertion.',
  aud: 'Audience: who must accept it. An id_token names the app’s consumer key; a JWT bearer assertion names the login host (https://login.salesforce.com or this server).',
  exp: 'Expires: after this time the token must be refused.',
  iat: 'Issued at: when the token was made.',
  nbf: 'Not before: the token must be refused before this time.',
  jti: 'JWT id: unique per token, so a one-time assertion cannot be replayed.',
  scp: 'Scopes the access token grants (Salesforce’s JWT access tokens).',
  scope: 'Scopes the token grants, space-separated.',
  client_id: 'The consumer key of the app the token was issued to.',
  nonce:
    'Value the client sent in the authorize request; it must match, to stop replayed id_tokens.',
  at_hash:
    'Hash of the access token issued with this id_token; lets the client check they belong together.',
  c_hash: 'Hash of the authorization code issued with this id_token.',
  auth_time: 'When the user last logged in.',
  azp: 'Authorized party: the app the token was issued to.',
  name: 'The user’s full name.',
  given_name: 'The user’s first name.',
  family_name: 'The user’s last name.',
  preferred_username: 'The username.',
  nickname: 'A short name for the user.',
  email: 'The user’s email address.',
  email_verified: 'Whether the email address was verified.',
  mty: 'Salesforce: the kind of token (for JWT access tokens, "oauth").',
  tnt: 'Salesforce: the tenant (org) the token belongs to.',
  sfi: 'Salesforce: the session-family id.',
  sty: 'Salesforce: the session type.',
  sfap_rg: 'Salesforce: the region of the org.',
  ver: 'Salesforce: the token format version.',
  act: 'Actor: who acts on behalf of the subject (token exchange).',
  may_act: 'Who may act on behalf of the subject (token exchange).',
  cnf: 'Confirmation: binds the token to a key (proof of possession).',
  organization_id: 'The org id.',
  user_id: 'The user id.',
}

export const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const

export function describeDuration(seconds: number): string {
  const abs = Math.abs(seconds)
  if (abs < 60) return `${Math.round(abs)} s`
  if (abs < 3600) return `${Math.round(abs / 60)} min`
  if (abs < 86400 * 2) return `${(abs / 3600).toFixed(abs < 36000 ? 1 : 0)} h`
  return `${Math.round(abs / 86400)} days`
}

/** "in 3 min" / "2 h ago", relative to now (seconds). */
export function relativeTime(value: number, nowSeconds: number): string {
  const delta = value - nowSeconds
  if (Math.abs(delta) < 1) return 'now'
  return delta > 0 ? `in ${describeDuration(delta)}` : `${describeDuration(delta)} ago`
}

export interface JwtProblem {
  severity: 'error' | 'warning'
  title: string
  detail: string
}

export interface AnalysisContext {
  /** The server's (virtual) time, in seconds. */
  nowSeconds: number
  /** The org's base URL (issuer of Gatehouse tokens; an accepted assertion audience). */
  baseUrl: string
  consumerKeys: string[]
  /** Known key ids of Gatehouse's JWKS, when verifying against it. */
  knownKids?: string[]
}

const ASSERTION_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com']

function audiences(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud]
  if (Array.isArray(aud)) return aud.filter((value): value is string => typeof value === 'string')
  return []
}

/** Problems visible without the signature: algorithm, times, audience, key id. */
export function analyze(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  ctx: AnalysisContext,
): JwtProblem[] {
  const problems: JwtProblem[] = []
  const now = ctx.nowSeconds
  if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') {
    problems.push({
      severity: 'error',
      title: 'Unsigned token (alg: none)',
      detail: 'Anyone can write such a token. Gatehouse and every careful client refuse it.',
    })
  }
  if (typeof claims.exp === 'number' && claims.exp <= now) {
    problems.push({
      severity: 'error',
      title: 'Expired',
      detail: `exp was ${describeDuration(now - claims.exp)} ago (by the server’s clock).`,
    })
  }
  if (claims.exp === undefined) {
    problems.push({
      severity: 'warning',
      title: 'No expiry',
      detail: 'Without exp the token never expires; Gatehouse requires exp on assertions.',
    })
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now) {
    problems.push({
      severity: 'error',
      title: 'Not yet valid',
      detail: `nbf is ${describeDuration(claims.nbf - now)} from now (by the server’s clock).`,
    })
  }
  if (typeof claims.iat === 'number' && claims.iat > now + 60) {
    problems.push({
      severity: 'warning',
      title: 'Issued in the future',
      detail: `iat is ${describeDuration(claims.iat - now)} ahead of the server’s clock: a clock skew?`,
    })
  }
  const aud = audiences(claims.aud)
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined
  if (iss && ctx.consumerKeys.includes(iss)) {
    // A JWT bearer assertion: iss is the app, aud the login host.
    const accepted = [ctx.baseUrl, ...ASSERTION_AUDIENCES]
    if (!aud.some((value) => accepted.includes(value.replace(/\/$/, '')))) {
      problems.push({
        severity: 'error',
        title: 'Wrong audience for Gatehouse',
        detail: `A JWT bearer assertion must name one of ${accepted.join(', ')} in aud; it names ${aud.join(', ') || 'nothing'}.`,
      })
    }
  } else if (iss && iss.replace(/\/$/, '') === ctx.baseUrl) {
    if (aud.length > 0 && !aud.some((value) => ctx.consumerKeys.includes(value))) {
      problems.push({
        severity: 'warning',
        title: 'Audience is no app of this org',
        detail: `A Gatehouse id_token names an app’s consumer key in aud; ${aud.join(', ')} is none of them.`,
      })
    }
  } else if (aud.length === 0) {
    problems.push({
      severity: 'warning',
      title: 'No audience',
      detail: 'Without aud any service could accept the token.',
    })
  }
  if (ctx.knownKids && typeof header.kid === 'string' && !ctx.knownKids.includes(header.kid)) {
    problems.push({
      severity: 'error',
      title: 'Unknown kid',
      detail: `kid ${header.kid} is not one of Gatehouse’s keys (${ctx.knownKids.join(', ')}).`,
    })
  }
  return problems
}
