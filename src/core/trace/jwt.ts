import { X509Certificate, type KeyObject } from 'node:crypto'
import { compactVerify, errors as joseErrors } from 'jose'
import type { DecodedJwt, ExchangeDetail, JwtTime } from '../../shared/admin-api'

/** Where the keys that should have signed a token come from. */
export interface JwtKeySource {
  /** One of Gatehouse's own signing keys (published at /id/keys). */
  gatehouseKey(kid: string): KeyObject | undefined
  /** The app a JWT bearer assertion names (`iss` = consumer key), with its certificate. */
  app(consumerKey: string): { name: string; certificate: string | null } | undefined
}

// A JWS in compact form whose header is a JSON object (base64url of '{"' starts with eyJ).
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
// Parameters whose JWTs a client signed with its own key (checked against its certificate).
const CLIENT_SIGNED = new Set(['assertion', 'client_assertion'])
const PARAMS_WITH_JWTS = [
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
  'id_token_hint',
  'token',
  'id_token',
  'access_token',
]
const TIME_CLAIMS = ['iat', 'nbf', 'exp', 'auth_time', 'updated_at']

interface Found {
  location: string
  kind: string
  token: string
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && JWT_SHAPE.test(value)
}

function fromParams(params: URLSearchParams, prefix: string, found: Found[]): void {
  for (const name of PARAMS_WITH_JWTS) {
    const value = params.get(name)
    if (looksLikeJwt(value)) found.push({ location: `${prefix}.${name}`, kind: name, token: value })
  }
}

function redirectParams(location: string): URLSearchParams {
  const q = location.indexOf('?')
  const h = location.indexOf('#')
  const query = q === -1 ? '' : location.slice(q + 1, h > q ? h : undefined)
  const fragment = h === -1 ? '' : location.slice(h + 1)
  return new URLSearchParams([query, fragment].filter(Boolean).join('&'))
}

/** Every JWT in an exchange: bearer header, form and query parameters, JSON response, redirect. */
export function findJwts(detail: ExchangeDetail): Found[] {
  const found: Found[] = []
  const auth = detail.request.headers.authorization
  const bearer = typeof auth === 'string' ? /^(?:Bearer|OAuth)\s+(\S+)/i.exec(auth)?.[1] : undefined
  if (looksLikeJwt(bearer)) {
    found.push({ location: 'request.headers.authorization', kind: 'bearer', token: bearer })
  }
  const query = detail.url.indexOf('?')
  if (query !== -1)
    fromParams(new URLSearchParams(detail.url.slice(query + 1)), 'request.query', found)
  const body = detail.request.body
  if (body && body.encoding === 'utf8' && /x-www-form-urlencoded/i.test(body.contentType ?? '')) {
    fromParams(new URLSearchParams(body.text), 'request.body', found)
  }
  const response = detail.response.body
  if (response && response.encoding === 'utf8' && /json/i.test(response.contentType ?? '')) {
    try {
      const json = JSON.parse(response.text) as unknown
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        for (const [name, value] of Object.entries(json)) {
          if (looksLikeJwt(value)) {
            found.push({ location: `response.body.${name}`, kind: name, token: value })
          }
        }
      }
    } catch {
      // A truncated or non-JSON body simply has no tokens to show.
    }
  }
  const location = detail.response.headers.location
  if (typeof location === 'string') fromParams(redirectParams(location), 'response.location', found)
  return found
}

function humanSpan(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 1000) return `${abs} ms`
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ]
  const parts: string[] = []
  let rest = abs
  for (const [size, name] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`)
      rest %= size
    }
  }
  return parts.join(' ')
}

function timesOf(claims: Record<string, unknown>, exchangeAt: number): JwtTime[] {
  const times: JwtTime[] = []
  for (const claim of TIME_CLAIMS) {
    const value = claims[claim]
    if (typeof value !== 'number' || !Number.isFinite(value)) continue
    const ms = value * 1000
    const delta = ms - exchangeAt
    const when =
      delta === 0
        ? 'at the time of this exchange'
        : `${humanSpan(delta)} ${delta > 0 ? 'after' : 'before'} this exchange`
    const expired = claim === 'exp' && delta <= 0 ? ' (expired)' : ''
    times.push({ claim, value, iso: new Date(ms).toISOString(), relative: when + expired })
  }
  return times
}

function certificateKey(pem: string): KeyObject {
  return new X509Certificate(pem).publicKey
}

async function verifyWith(
  token: string,
  key: KeyObject,
): Promise<'valid' | 'invalid' | 'unsupported'> {
  try {
    await compactVerify(token, key)
    return 'valid'
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'invalid'
    if (error instanceof joseErrors.JWSInvalid) return 'invalid'
    return 'unsupported'
  }
}

async function signatureOf(
  found: Found,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  keys: JwtKeySource,
): Promise<DecodedJwt['signature']> {
  const kid = typeof header.kid === 'string' ? header.kid : null
  const alg = String(header.alg ?? '')
  if (alg.toLowerCase() === 'none') {
    return {
      status: 'unsigned',
      detail: 'alg is "none": the token carries no signature',
      keySource: null,
      kid,
    }
  }
  if (CLIENT_SIGNED.has(found.kind)) {
    const iss = typeof claims.iss === 'string' ? claims.iss : ''
    const app = keys.app(iss)
    if (!app) {
      return {
        status: 'no_key',
        detail: `no app has consumer key "${iss}" (the iss claim)`,
        keySource: null,
        kid,
      }
    }
    if (!app.certificate) {
      return {
        status: 'no_key',
        detail: `${app.name} has no certificate to check the signature with`,
        keySource: 'app_certificate',
        kid,
      }
    }
    const outcome = await verifyWith(found.token, certificateKey(app.certificate))
    const words = {
      valid: `signature verified with ${app.name}'s certificate`,
      invalid: `the signature does not verify with ${app.name}'s certificate`,
      unsupported: `alg ${alg} cannot be checked with ${app.name}'s certificate`,
    }
    return { status: outcome, detail: words[outcome], keySource: 'app_certificate', kid }
  }
  if (!kid) {
    return {
      status: 'unknown_key',
      detail: 'the header names no kid, so no Gatehouse key applies',
      keySource: 'gatehouse_jwks',
      kid,
    }
  }
  const key = keys.gatehouseKey(kid)
  if (!key) {
    return {
      status: 'unknown_key',
      detail: `kid ${kid} is not one of Gatehouse's keys (/id/keys)`,
      keySource: 'gatehouse_jwks',
      kid,
    }
  }
  const outcome = await verifyWith(found.token, key)
  const words = {
    valid: `signature verified with Gatehouse key ${kid} (/id/keys)`,
    invalid: `the signature does not verify with Gatehouse key ${kid}: the token was altered or signed elsewhere`,
    unsupported: `alg ${alg} cannot be checked with Gatehouse key ${kid}`,
  }
  return { status: outcome, detail: words[outcome], keySource: 'gatehouse_jwks', kid }
}

/**
 * Decodes every JWT an exchange carried, for display: header, claims, times in words and the
 * signature checked against the key that should have signed it. Done when an exchange is
 * read, never while it is recorded.
 */
export async function decodeExchangeJwts(
  detail: ExchangeDetail,
  keys: JwtKeySource,
): Promise<DecodedJwt[]> {
  const exchangeAt = Date.parse(detail.startedAt)
  const decoded: DecodedJwt[] = []
  for (const found of findJwts(detail)) {
    const [head, payload] = found.token.split('.')
    const header = decodePart(head!)
    const claims = decodePart(payload!)
    if (!header || !claims) continue
    decoded.push({
      ...found,
      header,
      claims,
      times: timesOf(claims, exchangeAt),
      signature: await signatureOf(found, header, claims, keys),
    })
  }
  return decoded
}
