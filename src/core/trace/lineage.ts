import type { FlowKind, TraceEndpoint } from '../../shared/admin-api'
import { sha256Hex } from '../tokens/random'
import type { PackedTrace } from './packed'

/**
 * What ties an exchange to others: the values one exchange hands out and a later one presents
 * (a pending authorization request's id, an authorization code, tokens, the grant). Keys are
 * `prefix:value`; codes and tokens are keyed by their SHA-256, never kept in memory raw.
 */
export interface Lineage {
  /** Keys that name the flow this exchange continues, strongest first. */
  follows: string[]
  /** Keys this exchange makes known for its flow. */
  produces: string[]
  /** The kind of flow this exchange starts when it continues none (null: it starts none). */
  starts: FlowKind | null
  /** The grant the exchange is about, as the endpoint recorded it. */
  grantId: string | undefined
  /** Tokens the exchange presented, by digest, to find their grant when no key is known. */
  presentedTokenHashes: string[]
  /** Tokens were issued (token response or implicit-flow redirect). */
  tokensIssued: boolean
}

export interface LineageInput {
  endpoint: TraceEndpoint
  /** The request path (without the query). */
  path: string
  params: ReadonlyMap<string, string>
  trace: PackedTrace | null
  authorization: string | undefined
  status: number
  location: string | undefined
  /** The response body text when it is small and textual. */
  responseText: string | undefined
  responseIsJson: boolean
}

export const key = {
  request: (id: string) => `ar:${id}`,
  code: (code: string) => `code:${sha256Hex(code)}`,
  token: (token: string) => `tok:${sha256Hex(token)}`,
  tokenHash: (hash: string) => `tok:${hash}`,
  grant: (id: string) => `g:${id}`,
  deviceCode: (code: string) => `dc:${sha256Hex(code)}`,
  // Shown to people as ABCD-EFGH and typed back any which way: compared by letters alone.
  userCode: (code: string) => `uc:${code.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
}

const GRANT_KINDS: Record<string, FlowKind> = {
  authorization_code: 'web_server',
  refresh_token: 'refresh_token',
  password: 'password',
  client_credentials: 'client_credentials',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'jwt_bearer',
  device: 'device',
  'urn:ietf:params:oauth:grant-type:device_code': 'device',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'token_exchange',
}

/** String parameters of the query and a parsed body (the first value wins). */
export function paramsOf(...sources: unknown[]): Map<string, string> {
  const params = new Map<string, string>()
  for (const source of sources) {
    if (!source || typeof source !== 'object' || Buffer.isBuffer(source)) continue
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      if (typeof value === 'string' && value !== '' && !params.has(name)) params.set(name, value)
    }
  }
  return params
}

function bearerOf(authorization: string | undefined): string | undefined {
  return authorization ? /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined
}

/** Parameters a redirect carries back to the client, in its query and its fragment. */
function redirectParams(location: string | undefined): URLSearchParams | undefined {
  if (!location) return undefined
  const query = location.indexOf('?')
  const hash = location.indexOf('#')
  const parts: string[] = []
  if (query !== -1) parts.push(location.slice(query + 1, hash > query ? hash : undefined))
  if (hash !== -1) parts.push(location.slice(hash + 1))
  return parts.length ? new URLSearchParams(parts.join('&')) : undefined
}

// The login and consent pages carry the pending request in a hidden field (the endpoint
// names it in request.gatehouse.authorizeRequestId too; the page is the fallback).
const HIDDEN_REQUEST_ID = /name="request_id"\s+value="([^"]+)"/
const PAGES_WITH_REQUESTS = new Set<TraceEndpoint>(['authorize', 'continue', 'login', 'device'])

// RFC 8628's device authorization endpoint (Salesforce's own shape uses the token endpoint).
const DEVICE_AUTHORIZATION = '/services/oauth2/device/authorize'

/** A JSON answer that hands out codes or tokens (token endpoint, device authorization). */
function tokenResponse(input: LineageInput): Record<string, unknown> | undefined {
  if (!input.responseIsJson || !input.responseText || input.status !== 200) return undefined
  if (input.endpoint !== 'token' && input.path !== DEVICE_AUTHORIZATION) return undefined
  try {
    const body = JSON.parse(input.responseText) as unknown
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function authorizeKind(params: ReadonlyMap<string, string>): FlowKind {
  const responseType = params.get('response_type') ?? ''
  return responseType.split(' ').includes('token') ? 'user_agent' : 'web_server'
}

/** Works out an exchange's lineage from what crossed the wire and what the endpoint noted. */
export function lineageOf(input: LineageInput): Lineage {
  const { endpoint, params, trace } = input
  const lineage: Lineage = {
    follows: [],
    produces: [],
    starts: null,
    grantId: trace?.grantId,
    presentedTokenHashes: [],
    tokensIssued: false,
  }
  const present = (token: string | undefined) => {
    if (!token) return
    const hash = sha256Hex(token)
    lineage.follows.push(key.tokenHash(hash))
    lineage.presentedTokenHashes.push(hash)
  }

  switch (endpoint) {
    case 'authorize':
      lineage.starts = authorizeKind(params)
      break
    case 'login':
    case 'continue':
    case 'consent': {
      const requestId = params.get('request_id')
      if (requestId) lineage.follows.push(key.request(requestId))
      lineage.starts = 'unknown'
      break
    }
    case 'token': {
      const grantType = params.get('grant_type') ?? ''
      if (grantType === 'authorization_code' && params.has('code')) {
        lineage.follows.push(key.code(params.get('code')!))
      } else if (grantType === 'refresh_token') {
        present(params.get('refresh_token'))
      } else if (GRANT_KINDS[grantType] === 'device' && params.has('code')) {
        lineage.follows.push(key.deviceCode(params.get('code')!))
      } else if (GRANT_KINDS[grantType] === 'device' && params.has('device_code')) {
        lineage.follows.push(key.deviceCode(params.get('device_code')!))
      }
      lineage.starts =
        params.get('response_type') === 'device_code'
          ? 'device'
          : (GRANT_KINDS[grantType] ?? 'unknown')
      break
    }
    case 'revoke':
    case 'introspect':
      present(params.get('token'))
      break
    case 'userinfo':
    case 'identity':
    case 'rest':
      present(bearerOf(input.authorization))
      break
    case 'device': {
      if (input.path === DEVICE_AUTHORIZATION) {
        lineage.starts = 'device'
        break
      }
      // The verification pages: the code the person typed, or the login form's pending request.
      const userCode = params.get('user_code')
      if (userCode) lineage.follows.push(key.userCode(userCode))
      const requestId = params.get('request_id')
      if (requestId) lineage.follows.push(key.request(requestId))
      break
    }
    default:
      return lineage
  }
  if (lineage.grantId) lineage.follows.push(key.grant(lineage.grantId))

  // What the exchange handed out.
  const redirect = redirectParams(input.location)
  const requestId =
    trace?.authorizeRequestId ??
    (PAGES_WITH_REQUESTS.has(endpoint)
      ? (HIDDEN_REQUEST_ID.exec(input.responseText ?? '')?.[1] ?? redirect?.get('request_id'))
      : undefined)
  if (requestId) lineage.produces.push(key.request(requestId))
  const shownUserCode = endpoint === 'device' ? redirect?.get('user_code') : undefined
  if (shownUserCode) lineage.produces.push(key.userCode(shownUserCode))

  if (redirect && endpoint !== 'token') {
    const code = redirect.get('code')
    if (code) lineage.produces.push(key.code(code))
    for (const name of ['access_token', 'refresh_token']) {
      const token = redirect.get(name)
      if (token) lineage.produces.push(key.token(token))
    }
    if (redirect.has('access_token')) lineage.tokensIssued = true
  }

  const body = tokenResponse(input)
  if (body) {
    for (const name of ['access_token', 'refresh_token']) {
      const token = body[name]
      if (typeof token === 'string') lineage.produces.push(key.token(token))
    }
    if (typeof body.access_token === 'string') lineage.tokensIssued = true
    if (typeof body.device_code === 'string')
      lineage.produces.push(key.deviceCode(body.device_code))
    if (typeof body.user_code === 'string') lineage.produces.push(key.userCode(body.user_code))
  }
  if (lineage.grantId) lineage.produces.push(key.grant(lineage.grantId))
  return lineage
}
