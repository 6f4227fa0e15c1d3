import type { RefreshTokenRow } from '../../store/oauth-store'
import type { RefreshTokenPolicy } from '../../workspace'
import {
  grantRevokedAt,
  resolveTokenHolder,
  TOKEN_STEPS,
  type AccessTokenFailure,
  type TokenCheck,
  type TokenEngine,
} from '../../tokens/bearer'
import { sha256Hex } from '../../tokens/random'
import { evaluateRefreshPolicy, type RefreshTokenTimes } from '../../policy/refresh-policy'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'

export type RefreshTokenAuthentication =
  | {
      ok: true
      row: RefreshTokenRow
      app: WorkspaceApp
      user: WorkspaceUser
      /** When the app's refresh token policy ends this token, or null for "until revoked". */
      expiresAt: number | null
      checks: TokenCheck[]
    }
  | {
      ok: false
      reason: AccessTokenFailure
      detail: string
      step: string
      row?: RefreshTokenRow
      checks: TokenCheck[]
    }

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * The refresh-token counterpart of authenticateAccessToken, for introspection and
 * revocation: found by digest, not revoked or rotated away (nor its grant), not past the
 * app's refresh token policy, its app and user still there.
 */
export function authenticateRefreshToken(
  engine: TokenEngine,
  token: string,
): RefreshTokenAuthentication {
  const checks: TokenCheck[] = []
  const fail = (reason: AccessTokenFailure, step: string, detail: string, row?: RefreshTokenRow) =>
    ({ ok: false, reason, step, detail, row, checks }) as const

  const row = engine.oauth.store.findRefreshToken(sha256Hex(token))
  if (!row) {
    return fail(
      'unknown',
      TOKEN_STEPS.lookup,
      'no refresh token with this value was issued by this org',
    )
  }
  checks.push({
    step: TOKEN_STEPS.lookup,
    detail: `refresh token of grant ${row.grant_id}, issued to app ${row.app_key} for user ${row.user_id} at ${iso(row.created_at)}`,
  })

  if (row.rotated_at !== null) {
    const detail = `the refresh token was replaced by rotation at ${iso(row.rotated_at)}`
    return fail('revoked', TOKEN_STEPS.active, detail, row)
  }
  const revokedAt = row.revoked_at ?? grantRevokedAt(engine, row.grant_id)
  if (revokedAt !== null) {
    return fail(
      'revoked',
      TOKEN_STEPS.active,
      `the refresh token was revoked at ${iso(revokedAt)}`,
      row,
    )
  }

  // The token endpoint's own policy verdict decides, so introspection never calls a token
  // active that the refresh grant would refuse.
  const app = engine.store.workspace.findAppByConsumerKey(row.app_key)
  const now = engine.clock.now()
  const times: RefreshTokenTimes = {
    tokenCreatedAt: row.created_at,
    lastUsedAt: row.last_used_at,
    grantCreatedAt: engine.oauth.store.findGrant(row.grant_id)?.created_at ?? row.created_at,
    now,
  }
  const policy = app?.policies.refreshTokenPolicy
  const verdict = policy ? evaluateRefreshPolicy(policy, times) : undefined
  if (verdict && !verdict.usable) {
    return fail('expired', TOKEN_STEPS.active, `${verdict.detail} (virtual now ${iso(now)})`, row)
  }
  const expiresAt = policy ? refreshTokenExpiresAt(policy, times) : null
  checks.push({
    step: TOKEN_STEPS.active,
    detail: `not revoked; ${verdict?.detail ?? 'no policy applies'}`,
  })

  const holder = resolveTokenHolder(engine, row, checks)
  if (!holder.ok) return fail(holder.reason, holder.step, holder.detail, row)
  return { ok: true, row, app: holder.app, user: holder.user, expiresAt, checks }
}

/** Salesforce's policy units, as the refresh grant counts them (months as 30 days). */
const UNIT_MS = { hours: 3_600_000, days: 86_400_000, months: 30 * 86_400_000 } as const

/**
 * When the app's Refresh Token Policy ends a token (introspection's `exp`), or null when it
 * lives until revoked. Same rule as evaluateRefreshPolicy: "expire after" counts from the
 * start of the grant, "expire if not used for" from the last use, "immediately expire" ends
 * it as it is issued.
 */
export function refreshTokenExpiresAt(
  policy: RefreshTokenPolicy,
  times: Omit<RefreshTokenTimes, 'now'>,
): number | null {
  switch (policy.type) {
    case 'untilRevoked':
      return null
    case 'immediatelyExpire':
      return times.tokenCreatedAt
    case 'expireAfter':
      return times.grantCreatedAt + policy.value * UNIT_MS[policy.unit]
    case 'expireIfNotUsedFor':
      return (times.lastUsedAt ?? times.tokenCreatedAt) + policy.value * UNIT_MS[policy.unit]
  }
}
