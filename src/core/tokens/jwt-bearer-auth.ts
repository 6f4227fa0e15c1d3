import type { AccessTokenRow } from '../store/oauth-store'
import type {
  AccessTokenAuthentication,
  AccessTokenFailure,
  TokenCheck,
  TokenEngine,
} from './bearer'
import { grantRevokedAt, resolveTokenHolder, TOKEN_STEPS } from './bearer'
import { userIdOfSubject, verifyJwtAccessTokenSignature } from './jwt-access-token'
import { sha256Hex } from './random'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * authenticateAccessToken for a JWT access token: the same steps as an opaque token's
 * (token.lookup, token.active, token.app, user.active), with the lookup replaced by the
 * signature check and the row built from the claims (nothing is stored per token).
 */
export function authenticateJwtAccessToken(
  engine: TokenEngine,
  token: string,
): AccessTokenAuthentication {
  const checks: TokenCheck[] = []
  const fail = (reason: AccessTokenFailure, step: string, detail: string, row?: AccessTokenRow) =>
    ({ ok: false, reason, step, detail, row, checks }) as const

  const org = engine.org()
  const verified = verifyJwtAccessTokenSignature(engine.oauth.keys, org.id, engine.baseUrl, token)
  if (!verified.ok) {
    return fail(
      'unknown',
      TOKEN_STEPS.lookup,
      `not a JWT access token of this org: ${verified.detail}`,
    )
  }
  const { claims } = verified
  const userId = userIdOfSubject(claims.sub)
  if (!userId) {
    return fail(
      'unknown',
      TOKEN_STEPS.lookup,
      `sub ${JSON.stringify(claims.sub)} is not uid:<user id>`,
    )
  }
  const row: AccessTokenRow = {
    token_hash: sha256Hex(token),
    grant_id: claims.sfi,
    app_key: claims.client_id,
    user_id: userId,
    scopes: claims.scp,
    format: 'jwt',
    created_at: claims.iat * 1000,
    expires_at: claims.exp * 1000,
    revoked_at: null,
  }
  checks.push({
    step: TOKEN_STEPS.lookup,
    detail: `JWT access token (RS256, kid ${verified.kid}, signature verified) of grant ${row.grant_id}, issued to app ${row.app_key} for user ${row.user_id} at ${iso(row.created_at)}`,
  })

  const now = engine.clock.now()
  const revokedAt =
    engine.oauth.revokedJwts.revokedAt(claims.jti) ?? grantRevokedAt(engine, row.grant_id)
  if (revokedAt !== null) {
    row.revoked_at = revokedAt
    return fail(
      'revoked',
      TOKEN_STEPS.active,
      `the access token was revoked at ${iso(revokedAt)}`,
      row,
    )
  }
  if (now >= row.expires_at) {
    return fail(
      'expired',
      TOKEN_STEPS.active,
      `the access token expired at ${iso(row.expires_at)} (virtual now ${iso(now)})`,
      row,
    )
  }
  if (now < claims.nbf * 1000) {
    return fail(
      'expired',
      TOKEN_STEPS.active,
      `the access token is not valid before ${iso(claims.nbf * 1000)} (virtual now ${iso(now)})`,
      row,
    )
  }
  checks.push({
    step: TOKEN_STEPS.active,
    detail: `not revoked (jti ${claims.jti}, grant ${row.grant_id}); expires at ${iso(row.expires_at)}, after virtual now ${iso(now)}`,
  })

  const holder = resolveTokenHolder(engine, row, checks)
  if (!holder.ok) return fail(holder.reason, holder.step, holder.detail, row)
  return { ok: true, row, app: holder.app, user: holder.user, checks }
}

/**
 * Revokes one JWT access token: its jti is kept until the token would have expired. The
 * token must already have been authenticated (its claims are trusted here).
 */
export function revokeJwtAccessToken(
  engine: TokenEngine,
  token: string,
  row: AccessTokenRow,
  now: number,
): void {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    jti: string
  }
  engine.oauth.revokedJwts.revoke(payload.jti, row.grant_id, row.expires_at, now)
}
