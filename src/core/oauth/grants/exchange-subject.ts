import {
  createLocalJWKSet,
  decodeProtectedHeader,
  importX509,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose'
import type { Gatehouse } from '../../gatehouse'
import type { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { authenticateAccessToken } from '../../tokens/bearer'
import { accessTokenJwks, userIdOfSubject } from '../../tokens/jwt-access-token'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'
import { authenticateRefreshToken } from '../resources/refresh-token'
import { SALESFORCE_AUDIENCES, certificateKeyIds, shown } from './jwt-claims'
import { splitScopes } from './text'

/** RFC 8693 §3 token type identifiers Salesforce's token exchange names (reference §4.8). */
export const TOKEN_TYPE = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  refresh_token: 'urn:ietf:params:oauth:token-type:refresh_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  saml2: 'urn:ietf:params:oauth:token-type:saml2',
} as const

export type SubjectKind = 'access_token' | 'refresh_token' | 'id_token' | 'jwt'

/** Salesforce caps subject_token at 10 000 characters (reference §4.8). */
export const SUBJECT_TOKEN_MAX_LENGTH = 10_000

/** Clock skew allowed on the exp / nbf / iat of a JWT subject token. */
const SKEW_SECONDS = 60

export interface SubjectToken {
  user: WorkspaceUser
  /** The app a token of this org was issued to; undefined for a JWT from the app's own IdP. */
  appKey?: string
  /** The scopes the token carries; undefined when it carries none (id_token, an IdP's JWT). */
  scopes?: string[]
  /** Plain words for the trace. */
  detail: string
}

const invalid = (detail: string): OAuthError => sfErrors.invalidSubjectToken().because(detail)

/**
 * The user a JWT's `sub` names: a username, an identity URL of this org
 * (`…/id/{org}/{user}`), or a JWT access token's `uid:{user}`.
 */
export function userOfSubject(engine: Gatehouse, sub: unknown): WorkspaceUser | undefined {
  if (typeof sub !== 'string' || sub === '') return undefined
  const uid = userIdOfSubject(sub)
  if (uid) return engine.store.workspace.findUserById(uid)
  const identity = /\/id\/(00D[0-9A-Za-z]{12,15})\/(005[0-9A-Za-z]{12,15})$/.exec(sub)
  if (identity) {
    const org = engine.org()
    if (identity[1]!.slice(0, 15) !== org.id.slice(0, 15)) return undefined
    return engine.store.workspace.findUserById(identity[2]!)
  }
  return engine.store.workspace.findUserByUsername(sub)
}

/** An opaque or JWT access token of this org, alive (not expired, not revoked). */
function accessTokenSubject(engine: Gatehouse, token: string): SubjectToken {
  const auth = authenticateAccessToken(engine, token)
  if (!auth.ok) throw invalid(`the access token is not usable: ${auth.step}: ${auth.detail}`)
  return {
    user: auth.user,
    appKey: auth.row.app_key,
    scopes: splitScopes(auth.row.scopes),
    detail: `a live ${auth.row.format === 'jwt' ? 'JWT' : 'opaque'} access token of ${auth.user.username}, issued to ${auth.app.name} with scopes ${auth.row.scopes || 'none'}`,
  }
}

function refreshTokenSubject(engine: Gatehouse, token: string): SubjectToken {
  const auth = authenticateRefreshToken(engine, token)
  if (!auth.ok) throw invalid(`the refresh token is not usable: ${auth.step}: ${auth.detail}`)
  return {
    user: auth.user,
    appKey: auth.row.app_key,
    scopes: splitScopes(auth.row.scopes),
    detail: `a live refresh token of ${auth.user.username}, issued to ${auth.app.name} with scopes ${auth.row.scopes || 'none'}`,
  }
}

/** jose's verification error, in a few words for the trace. */
function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

interface VerifiedJwt {
  claims: JWTPayload
  header: ProtectedHeaderParameters
}

/**
 * A JWT signed by one of the org's own keys (an id_token, an asset token …), RS256 only,
 * checked on the virtual clock. The key comes from /id/keys only, never from the token.
 */
async function verifyWithOrgKeys(engine: Gatehouse, token: string): Promise<VerifiedJwt> {
  const keys = engine.oauth.keys.jwks().keys
  const set = createLocalJWKSet({
    keys: [...keys, ...accessTokenJwks(engine.oauth.keys, engine.org().id)],
  })
  try {
    const { payload, protectedHeader } = await jwtVerify(token, set, {
      algorithms: ['RS256'],
      issuer: engine.baseUrl,
      currentDate: new Date(engine.clock.now()),
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ['exp', 'sub'],
    })
    return { claims: payload, header: protectedHeader }
  } catch (err) {
    throw invalid(`the JWT does not verify with this org's keys: ${reason(err)}`)
  }
}

function orgJwtSubject(engine: Gatehouse, verified: VerifiedJwt, what: string): SubjectToken {
  const { claims } = verified
  const user = userOfSubject(engine, claims.sub)
  if (!user) throw invalid(`${what}: sub ${shown(claims.sub)} names no user of this org`)
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : undefined
  const appKey = clientId ?? audiences.find((aud): aud is string => typeof aud === 'string')
  return {
    user,
    appKey,
    detail: `${what} of ${user.username}, signed with this org's key ${shown(verified.header.kid)}, for ${appKey ?? 'no app'}`,
  }
}

/** The audiences a JWT from the app's own identity provider may name: this org. */
function orgAudiences(engine: Gatehouse): string[] {
  return [engine.baseUrl, `${engine.baseUrl}/services/oauth2/token`, ...SALESFORCE_AUDIENCES]
}

/** Headers that would let a token pick its own verification key: never honoured. */
const KEY_HEADERS = ['jwk', 'jku', 'x5u'] as const

/**
 * A JWT issued by the app's own identity provider, signed with the app's certificate (the
 * key registered for the JWT bearer flow): RS256 only, its aud this org, exp required.
 */
async function verifyWithAppCertificate(
  engine: Gatehouse,
  app: WorkspaceApp,
  token: string,
  header: ProtectedHeaderParameters,
): Promise<SubjectToken> {
  if (!app.certificate) {
    throw invalid(
      `the JWT is not signed by this org's keys, and ${app.name} has no certificate to verify it with`,
    )
  }
  const keyHeaders = KEY_HEADERS.filter((name) => header[name] !== undefined)
  if (keyHeaders.length) {
    throw invalid(`the header carries ${keyHeaders.join(', ')}; only the app's certificate is used`)
  }
  if (
    header.kid !== undefined &&
    !certificateKeyIds(app.certificate).includes(String(header.kid))
  ) {
    throw invalid(`kid ${shown(header.kid)} names neither an org key nor ${app.name}'s certificate`)
  }
  let claims: JWTPayload
  try {
    const key = await importX509(app.certificate, 'RS256')
    const verified = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      audience: orgAudiences(engine),
      currentDate: new Date(engine.clock.now()),
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ['exp', 'sub'],
    })
    claims = verified.payload
  } catch (err) {
    throw invalid(`the JWT does not verify with ${app.name}'s certificate: ${reason(err)}`)
  }
  const user = userOfSubject(engine, claims.sub)
  if (!user) throw invalid(`sub ${shown(claims.sub)} names no user of this org`)
  return {
    user,
    detail: `a JWT from ${shown(claims.iss)} for ${user.username}, verified with ${app.name}'s certificate`,
  }
}

/** Which of the org's keys a header names, if any: a numeric kid or a CORE_ATJWT name. */
function namesOrgKey(engine: Gatehouse, header: ProtectedHeaderParameters): boolean {
  if (typeof header.kid !== 'string') return false
  const kids = [
    ...engine.oauth.keys.jwks().keys.map((k) => k.kid),
    ...accessTokenJwks(engine.oauth.keys, engine.org().id).map((k) => k.kid),
  ]
  return kids.includes(header.kid)
}

async function jwtSubject(
  engine: Gatehouse,
  app: WorkspaceApp | undefined,
  token: string,
): Promise<SubjectToken> {
  let header: ProtectedHeaderParameters
  try {
    header = decodeProtectedHeader(token)
  } catch (err) {
    throw invalid(`the subject token is not a JWT: ${reason(err)}`)
  }
  if (header.alg !== 'RS256') throw invalid(`alg ${shown(header.alg)}; only RS256 is accepted`)
  if (namesOrgKey(engine, header)) {
    // One of our own JWT access tokens: the access-token checks, revocation included.
    if (header.tty !== undefined) return accessTokenSubject(engine, token)
    return orgJwtSubject(engine, await verifyWithOrgKeys(engine, token), 'a JWT')
  }
  if (!app)
    throw invalid('a JWT from an identity provider needs the client_id of the app it trusts')
  return verifyWithAppCertificate(engine, app, token, header)
}

async function idTokenSubject(engine: Gatehouse, token: string): Promise<SubjectToken> {
  const verified = await verifyWithOrgKeys(engine, token)
  // A JWT access token is signed by the same keys; it is not an id_token.
  if (verified.header.tty !== undefined)
    throw invalid('the token is an access token, not an id_token')
  return orgJwtSubject(engine, verified, 'an id_token')
}

/**
 * Verifies a subject token of the given kind and finds the user it speaks for. Every failure
 * is RFC 8693's invalid_request with one description, whatever the reason (expired, revoked,
 * forged, unknown): the trace says which.
 */
export async function verifySubjectToken(
  engine: Gatehouse,
  kind: SubjectKind,
  token: string,
  app: WorkspaceApp | undefined,
): Promise<SubjectToken> {
  if (token.length > SUBJECT_TOKEN_MAX_LENGTH) {
    throw invalid(`the subject token has ${token.length} characters; at most 10 000 are accepted`)
  }
  switch (kind) {
    case 'access_token':
      return accessTokenSubject(engine, token)
    case 'refresh_token':
      return refreshTokenSubject(engine, token)
    case 'id_token':
      return idTokenSubject(engine, token)
    case 'jwt':
      return jwtSubject(engine, app, token)
  }
}
