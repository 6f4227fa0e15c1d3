/**
 * One line per request parameter and header the runner sends: what it is, which setting of
 * the app it must match, and what Salesforce answers when it is wrong. One table, so the Run
 * view, `gatehouse run` and the README say the same thing. Sources: the reference's
 * authorization-endpoint table and error catalogue (shared/reference/salesforce-oauth.md §3–§5).
 */

/** Where a parameter is sent: its meaning differs between the endpoints. */
export type ParamContext = 'authorize' | 'token' | 'login' | 'consent' | 'device' | 'resource'

const ANY: ParamContext[] = ['authorize', 'token', 'login', 'consent', 'device', 'resource']

interface Entry {
  in: ParamContext[]
  text: string
}

const PARAMS: Record<string, Entry[]> = {
  response_type: [
    {
      in: ['authorize'],
      text: 'What the app wants back: code (web server), token or "token id_token" (user-agent). Another value → unsupported_response_type / response type not supported.',
    },
    {
      in: ['token', 'device'],
      text: 'device_code asks for a device code (Salesforce\'s device flow). The app needs "Enable for Device Flow", else invalid_grant / device flow is not enabled for the app.',
    },
  ],
  client_id: [
    {
      in: ANY,
      text: "The app's consumer key. Unknown → invalid_client_id / client identifier invalid (at the authorize endpoint: a plain error page, no redirect).",
    },
  ],
  client_secret: [
    {
      in: ANY,
      text: 'The consumer secret. Wrong, or missing where "Require Secret for Web Server Flow" / "Require Secret for Refresh Token Flow" is on → invalid_client / invalid client credentials.',
    },
  ],
  redirect_uri: [
    {
      in: ['authorize'],
      text: "Where the browser is sent back. Must equal one of the app's Callback URLs exactly → else a plain page: redirect_uri_mismatch / redirect_uri must match configuration.",
    },
    {
      in: ['token'],
      text: 'Must be the redirect_uri the authorization request used → else invalid_grant / redirect_uri must match configuration.',
    },
  ],
  scope: [
    {
      in: ANY,
      text: 'Space-separated scopes; omitted means every scope selected on the app. A scope the app lacks → invalid_scope / the requested scope is not allowed.',
    },
  ],
  state: [
    {
      in: ['authorize'],
      text: "The client's own value, echoed back on the redirect (success or error); the client checks it to refuse forged callbacks.",
    },
  ],
  nonce: [
    {
      in: ['authorize'],
      text: 'Copied into the id_token, so the client can tie the token to this request. Needed for response_type "token id_token".',
    },
  ],
  code_challenge: [
    {
      in: ['authorize'],
      text: 'PKCE: base64url(SHA-256(code_verifier)). Required when the app has "Require Proof Key for Code Exchange" → else invalid_request.',
    },
  ],
  code_challenge_method: [
    {
      in: ['authorize'],
      text: 'PKCE method; S256 (also assumed when absent, as jsforce never sends it).',
    },
  ],
  prompt: [
    {
      in: ['authorize', 'device'],
      text: 'login: ask for the password even with a session; consent: show the consent page again.',
    },
  ],
  login_hint: [{ in: ['authorize'], text: 'Pre-fills the username on the login page.' }],
  grant_type: [
    {
      in: ['token'],
      text: 'Which grant: authorization_code, refresh_token, password, client_credentials, the JWT bearer, device or token-exchange URN. Unknown → unsupported_grant_type / grant type not supported.',
    },
  ],
  code: [
    {
      in: ['token'],
      text: "The authorization code from the redirect (or the device code, in Salesforce's device poll). Single use, 15 minutes → else invalid_grant / expired authorization code.",
    },
  ],
  code_verifier: [
    {
      in: ['token'],
      text: 'PKCE: the secret behind the code_challenge. Missing when a challenge was sent → invalid_grant; not matching → invalid_request.',
    },
  ],
  refresh_token: [
    {
      in: ['token'],
      text: "A refresh token of this app. Revoked, expired by the app's refresh token policy, or rotated away → invalid_grant / expired access/refresh token.",
    },
  ],
  username: [
    {
      in: ['token', 'login'],
      text: 'The user signing in. Unknown, or a wrong password → the login page again (browser) or invalid_grant / authentication failure (password grant).',
    },
  ],
  password: [
    {
      in: ['token', 'login'],
      text: "The user's password (Salesforce appends the security token unless the IP is trusted). Wrong → authentication failure.",
    },
  ],
  assertion: [
    {
      in: ['token'],
      text: "The signed JWT (RS256): iss = consumer key, sub = username, aud = the login URL, exp within minutes. Checked against the app's certificate → invalid_grant / invalid assertion, audience is invalid.",
    },
  ],
  request_id: [
    {
      in: ['login', 'consent', 'device'],
      text: 'The pending authorization request the page belongs to (a hidden field of the page). Unknown or expired → the error page.',
    },
  ],
  csrf: [
    {
      in: ['login', 'consent', 'device'],
      text: "The page's anti-forgery token (hidden field); it must come back with the form, from the same browser session.",
    },
  ],
  decision: [
    {
      in: ['consent', 'device'],
      text: 'Allow (approve) or Deny (deny) on the consent page. Deny → the redirect carries access_denied / end-user denied authorization.',
    },
  ],
  user_code: [
    {
      in: ['device'],
      text: 'The short code the device shows, typed by the user on the verification page. Unknown or expired → the page asks again.',
    },
  ],
  device_code: [
    {
      in: ['token'],
      text: "RFC 8628's name for the device code. Before approval → authorization_pending; polled too fast → slow_down; expired → expired_token.",
    },
  ],
  subject_token: [
    {
      in: ['token'],
      text: 'The token being exchanged (an access token for the asset token flow). Unknown or expired → invalid_grant.',
    },
  ],
  subject_token_type: [
    {
      in: ['token'],
      text: 'What subject_token is: urn:ietf:params:oauth:token-type:access_token, refresh_token, id_token or jwt.',
    },
  ],
  actor_token: [
    {
      in: ['token'],
      text: 'Asset tokens: a JWT describing the device the asset token is for (its did and name).',
    },
  ],
  actor_token_type: [
    {
      in: ['token'],
      text: 'Asset tokens: must be urn:ietf:params:oauth:token-type:jwt when an actor_token is sent.',
    },
  ],
  requested_token_type: [
    {
      in: ['token'],
      text: 'The kind of token wanted back (access_token by default); a kind the exchange cannot issue → invalid_request.',
    },
  ],
  token: [
    {
      in: ['token', 'resource'],
      text: 'The access or refresh token to revoke or introspect. An unknown token still answers 200 at revoke (RFC 7009); introspection says active: false.',
    },
  ],
  token_type_hint: [
    { in: ['token', 'resource'], text: 'access_token or refresh_token: where to look first.' },
  ],
  q: [
    {
      in: ['resource'],
      text: 'The SOQL query. An unknown object → INVALID_TYPE; an unknown field → INVALID_FIELD; bad syntax → MALFORMED_QUERY.',
    },
  ],
  format: [
    {
      in: ['token', 'resource'],
      text: 'json (default), urlencoded or xml: the shape of the answer.',
    },
  ],
}

const HEADERS: Record<string, string> = {
  authorization:
    'Bearer <access token> for the REST API, userinfo and identity URL (expired or revoked → 401 INVALID_SESSION_ID / Bad_OAuth_Token); Basic <key:secret> for client authentication.',
  'content-type': 'How the body is encoded: application/x-www-form-urlencoded for OAuth requests.',
  cookie: "The runner's browser session (set by the login page), as a browser would send it.",
  'user-agent':
    'Who is calling: the runner names itself and the run, so its exchanges are easy to find in Traffic.',
  accept: 'The answer format the client wants.',
}

/** The explanation of one parameter at one kind of endpoint ('' when the table has none). */
export function explainParam(name: string, context: ParamContext): string {
  const entries = PARAMS[name]
  if (!entries) return ''
  return (entries.find((entry) => entry.in.includes(context)) ?? entries[0]!).text
}

export function explainHeader(name: string): string {
  return HEADERS[name.toLowerCase()] ?? ''
}

/** Every parameter the table explains, with each endpoint kind's text (docs/runner.md). */
export function explainedParams(): Array<{ name: string; in: ParamContext[]; text: string }> {
  return Object.entries(PARAMS).flatMap(([name, entries]) =>
    entries.map((entry) => ({ name, in: entry.in, text: entry.text })),
  )
}

/** Every header the table explains. */
export function explainedHeaders(): Array<{ name: string; text: string }> {
  return Object.entries(HEADERS).map(([name, text]) => ({ name, text }))
}

/** Explanations for a request's parameters and headers (those the table knows). */
export function explainRequest(
  params: Record<string, string>,
  headers: Record<string, string>,
  context: ParamContext,
): { params: Record<string, string>; headers: Record<string, string> } {
  const out = { params: {} as Record<string, string>, headers: {} as Record<string, string> }
  for (const name of Object.keys(params)) {
    const text = explainParam(name, context)
    if (text) out.params[name] = text
  }
  for (const name of Object.keys(headers)) {
    const text = explainHeader(name)
    if (text) out.headers[name] = text
  }
  return out
}

/** Which kind of endpoint a path is, for the table above. */
export function paramContext(path: string): ParamContext {
  if (path.endsWith('/authorize/login')) return 'login'
  if (path.endsWith('/authorize/consent')) return 'consent'
  if (path.includes('/oauth2/authorize')) return 'authorize'
  if (path.startsWith('/setup/connect') || path.includes('/device')) return 'device'
  if (path.endsWith('/oauth2/token')) return 'token'
  if (path.endsWith('/revoke') || path.endsWith('/introspect')) return 'token'
  return 'resource'
}
