import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { WorkspaceApp, WorkspaceOrg, WorkspaceUser } from '../workspace'
import type { KeyService, PublicJwk, PublishedKey, SigningKey } from './keys'
import { randomToken } from './random'
import { signRs256 } from './rs256'

/**
 * Salesforce's JWT-based access tokens ("Issue JWT-based access tokens for named users",
 * reference §2.3): RS256, signed by the org's key, verifiable against /id/keys. The header
 * names the key `CORE_ATJWT.<org15>.<epoch ms>` as Salesforce does; /id/keys publishes each
 * key under that name too, beside its numeric id-token kid.
 *
 * The token is not stored (no row per token, DESIGN.md performance notes). What revocation
 * needs travels in the token: `jti` (checked against the few tokens revoked one by one) and
 * the grant in `sfi` (checked against revoked grants). Salesforce's own `sfi` is opaque; here
 * it carries the grant id, which plays the part of Salesforce's session.
 */

export const JWT_TOKEN_TYPE = 'sfdc-core-token'
const KID_PREFIX = 'CORE_ATJWT'

// A type alias, not an interface: jose's header type needs its implicit index signature.
export type JwtAccessTokenHeader = {
  alg: 'RS256'
  typ: 'JWT'
  kid: string
  tty: string
  tnk: string
  ver: string
}

export interface JwtAccessTokenClaims {
  scp: string
  aud: string[]
  sub: string
  nbf: number
  mty: string
  sfi: string
  roles: string[]
  iss: string
  hsc: boolean
  exp: number
  iat: number
  client_id: string
  jti: string
}

export interface JwtAccessTokenInput {
  issuer: string
  org: WorkspaceOrg
  app: WorkspaceApp
  user: WorkspaceUser
  scopes: readonly string[]
  grantId: string
  nowMs: number
  expiresAtMs: number
  key: SigningKey
  /** The key's published `CORE_ATJWT…` name (see accessTokenKeyIds). */
  keyId: string
}

/** A captured Salesforce token has nbf 15 s before iat (allowance for clock skew). */
const NOT_BEFORE_SKEW_S = 15

/** `sub` is `uid:<user id>`, Salesforce's subject form for JWT access tokens. */
export function jwtSubject(userId: string): string {
  return `uid:${userId}`
}

export function userIdOfSubject(sub: string): string | undefined {
  return /^uid:(005[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?)$/.exec(sub)?.[1]
}

/**
 * The `CORE_ATJWT.<org15>.<ms>` name of every published key, keyed by that name. The time is
 * the key's creation; keys made in the same millisecond (a frozen virtual clock) get the next
 * free millisecond, in publication order, so every name is unique and stable.
 */
export function accessTokenKeyIds(
  keys: readonly PublishedKey[],
  orgId: string,
): Map<string, PublishedKey> {
  const names = new Map<string, PublishedKey>()
  const used = new Set<number>()
  for (const key of keys) {
    let ms = key.createdAt
    while (used.has(ms)) ms += 1
    used.add(ms)
    names.set(`${KID_PREFIX}.${orgId.slice(0, 15)}.${ms}`, key)
  }
  return names
}

/** The published name of one key (by its numeric kid). */
export function accessTokenKeyId(keys: KeyService, orgId: string, kid: string): string {
  for (const [name, key] of accessTokenKeyIds(keys.published(), orgId)) {
    if (key.jwk.kid === kid) return name
  }
  throw new Error(`signing key ${kid} is not published`)
}

/** The JWKS entries under the `CORE_ATJWT…` names: same public key, another kid. */
export function accessTokenJwks(keys: KeyService, orgId: string): PublicJwk[] {
  return [...accessTokenKeyIds(keys.published(), orgId)].map(([kid, key]) => ({ ...key.jwk, kid }))
}

export async function signJwtAccessToken(input: JwtAccessTokenInput): Promise<string> {
  const iat = Math.floor(input.nowMs / 1000)
  const header: JwtAccessTokenHeader = {
    alg: 'RS256',
    typ: 'JWT',
    kid: input.keyId,
    tty: JWT_TOKEN_TYPE,
    tnk: `core/gatehouse/${input.org.id}`,
    ver: '1.0',
  }
  // Salesforce's claim order, as in captured tokens; jti is Gatehouse's (for revocation).
  const claims: JwtAccessTokenClaims = {
    scp: input.scopes.join(' '),
    aud: [input.issuer],
    sub: jwtSubject(input.user.id),
    nbf: iat - NOT_BEFORE_SKEW_S,
    mty: 'oauth',
    sfi: input.grantId,
    roles: [],
    iss: input.issuer,
    hsc: false,
    exp: Math.floor(input.expiresAtMs / 1000),
    iat,
    client_id: input.app.consumerKey,
    jti: randomToken(18),
  }
  return signRs256(header, { ...claims }, input.key.privateKey)
}

/** Three base64url segments whose header decodes to JSON: worth trying as a JWT. */
const COMPACT_JWS = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

export function looksLikeJwt(token: string): boolean {
  return token.length < 16_384 && COMPACT_JWS.test(token)
}

export type JwtSignatureCheck =
  | { ok: true; header: JwtAccessTokenHeader; claims: JwtAccessTokenClaims; kid: string }
  | { ok: false; detail: string }

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

const publicKeys = new WeakMap<KeyService, Map<string, KeyObject>>()

function publicKeyFor(keys: KeyService, name: string, key: PublishedKey): KeyObject {
  let cache = publicKeys.get(keys)
  if (!cache) publicKeys.set(keys, (cache = new Map()))
  // The name and the numeric kid together: both are fixed once a key is published.
  const id = `${name}|${key.jwk.kid}`
  let publicKey = cache.get(id)
  if (!publicKey) {
    publicKey = createPublicKey({ key: { ...key.jwk }, format: 'jwk' })
    cache.set(id, publicKey)
  }
  return publicKey
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

/** Claims this server always writes; a token missing one was not made here. */
function claimsProblem(claims: Record<string, unknown>, issuer: string): string | undefined {
  if (claims.iss !== issuer) return `iss ${JSON.stringify(claims.iss)} is not ${issuer}`
  if (!isStringArray(claims.aud) || !claims.aud.includes(issuer)) {
    return `aud ${JSON.stringify(claims.aud)} does not include ${issuer}`
  }
  for (const name of ['scp', 'sub', 'sfi', 'client_id', 'jti'] as const) {
    if (typeof claims[name] !== 'string') return `claim ${name} is missing`
  }
  for (const name of ['exp', 'iat', 'nbf'] as const) {
    if (typeof claims[name] !== 'number') return `claim ${name} is missing`
  }
  if (claims.mty !== 'oauth') return 'mty is not "oauth"'
  return undefined
}

/**
 * Verifies a JWT access token's signature and shape, synchronously (node:crypto), so bearer
 * authentication stays one synchronous call. The algorithm is pinned to RS256 and the key is
 * looked up only among this org's published `CORE_ATJWT…` names: an id_token or an asset
 * token (numeric kid) signed by the same key is not an access token, and no header (jwk,
 * jku, x5u) can bring its own key. Time and revocation are the caller's checks.
 */
export function verifyJwtAccessTokenSignature(
  keys: KeyService,
  orgId: string,
  issuer: string,
  token: string,
): JwtSignatureCheck {
  const [h, p, s] = token.split('.') as [string, string, string]
  const header = decodeSegment(h) as Record<string, unknown> | undefined
  if (!header || typeof header !== 'object') return { ok: false, detail: 'the header is not JSON' }
  if (header.alg !== 'RS256') {
    return { ok: false, detail: `alg ${JSON.stringify(header.alg)}; only RS256 is accepted` }
  }
  if (header.tty !== JWT_TOKEN_TYPE) {
    return { ok: false, detail: `tty ${JSON.stringify(header.tty)} is not ${JWT_TOKEN_TYPE}` }
  }
  const kid = typeof header.kid === 'string' ? header.kid : ''
  const key = accessTokenKeyIds(keys.published(), orgId).get(kid)
  if (!key) {
    return { ok: false, detail: `kid ${JSON.stringify(header.kid)} names no key of this org` }
  }
  const signature = Buffer.from(s, 'base64url')
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${h}.${p}`),
    publicKeyFor(keys, kid, key),
    signature,
  )
  if (!valid) return { ok: false, detail: `the RS256 signature does not verify with key ${kid}` }
  const claims = decodeSegment(p) as Record<string, unknown> | undefined
  if (!claims || typeof claims !== 'object') return { ok: false, detail: 'the payload is not JSON' }
  const problem = claimsProblem(claims, issuer)
  if (problem) return { ok: false, detail: problem }
  return {
    ok: true,
    header: header as unknown as JwtAccessTokenHeader,
    claims: claims as unknown as JwtAccessTokenClaims,
    kid,
  }
}
