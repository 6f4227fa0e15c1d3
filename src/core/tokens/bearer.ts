import type { Clock } from '../policy/clock'
import type { AccessTokenRow, AccessTokenWithGrant, OAuthStore } from '../store/oauth-store'
import type { WorkspaceStore } from '../store'
import type { JwtRevocationStore } from '../store/jwt-revocation-store'
import type { WorkspaceApp, WorkspaceOrg, WorkspaceUser } from '../workspace'
import { looksLikeJwt } from './jwt-access-token'
import { authenticateJwtAccessToken } from './jwt-bearer-auth'
import type { KeyService } from './keys'
import { sha256Hex } from './random'

/**
 * Access-token authentication, shared by every resource that accepts a bearer token (the
 * userinfo and identity endpoints, introspection, the REST API). It knows nothing of HTTP:
 * callers pass the token text and decide how a failure looks on their wire.
 */

/** What the checks need from the engine (the Gatehouse engine satisfies it). */
export interface TokenEngine {
  readonly clock: Clock
  readonly store: {
    readonly workspace: Pick<WorkspaceStore, 'findAppByConsumerKey' | 'findUserById'>
  }
  readonly oauth: {
    readonly store: OAuthStore
    /** JWT access tokens are verified against the org's published keys … */
    readonly keys: KeyService
    /** … and checked against the ones revoked one by one. */
    readonly revokedJwts: JwtRevocationStore
  }
  /** The issuer JWT access tokens carry. */
  readonly baseUrl: string
  org(): WorkspaceOrg
}

/** One check that passed: the step name the trace records and the values it compared. */
export interface TokenCheck {
  step: string
  detail: string
}

export type AccessTokenFailure = 'unknown' | 'expired' | 'revoked' | 'inactive_user' | 'unknown_app'

export type AccessTokenAuthentication =
  | {
      ok: true
      row: AccessTokenRow
      app: WorkspaceApp
      user: WorkspaceUser
      /** The flow that started the token's grant, when the lookup found it. */
      grantFlow?: string
      checks: TokenCheck[]
    }
  | {
      ok: false
      reason: AccessTokenFailure
      /** Plain words for the trace: what was compared and why it failed. */
      detail: string
      /** The step that failed (token.lookup, token.active, token.app or user.active). */
      step: string
      /** The stored row, when the token was found. */
      row?: AccessTokenRow
      /** The checks that passed before the failing one. */
      checks: TokenCheck[]
    }

/** The step names, in the order the checks run. */
export const TOKEN_STEPS = {
  lookup: 'token.lookup',
  active: 'token.active',
  app: 'token.app',
  user: 'user.active',
} as const

const iso = (ms: number) => new Date(ms).toISOString()

/** A found token's row apart from its grant's facts, and what its steps always say of it. */
interface FoundToken {
  row: Readonly<AccessTokenRow>
  grantRevokedAt: number | null
  grantRevokeReason: string | null
  grantFlow: string | null
  lookupDetail: string
  expiresAt: string
}

// Kept per found row: the lookup cache hands out the same frozen row for every call with the
// same token, so this is worked out once per token instead of on every API call.
const foundTokens = new WeakMap<object, FoundToken>()

function foundToken(found: Readonly<AccessTokenWithGrant>): FoundToken {
  const known = foundTokens.get(found)
  if (known) return known
  const {
    grant_revoked_at: grantRevokedAt,
    grant_revoke_reason: grantRevokeReason,
    grant_flow: grantFlow,
    ...row
  } = found
  const split: FoundToken = {
    row: Object.freeze(row),
    grantRevokedAt,
    grantRevokeReason,
    grantFlow,
    lookupDetail: `access token of grant ${row.grant_id}, issued to app ${row.app_key} for user ${row.user_id} at ${iso(row.created_at)}`,
    expiresAt: iso(row.expires_at),
  }
  foundTokens.set(found, split)
  return split
}

/**
 * Looks the token up by its SHA-256 digest (a JWT access token: verifies its signature) and
 * checks, in order: not revoked (itself or its grant), not expired on the virtual clock, its
 * app still in the workspace, its user still present and active.
 */
export function authenticateAccessToken(
  engine: TokenEngine,
  token: string,
): AccessTokenAuthentication {
  // JWT access tokens are not stored: they are verified by signature instead of looked up.
  if (looksLikeJwt(token)) return authenticateJwtAccessToken(engine, token)
  const checks: TokenCheck[] = []
  const fail = (reason: AccessTokenFailure, step: string, detail: string, row?: AccessTokenRow) =>
    ({ ok: false, reason, step, detail, row, checks }) as const

  // The token and its grant's revocation in one query: this runs on every API call.
  const found = engine.oauth.store.findAccessTokenWithGrant(sha256Hex(token))
  if (!found) {
    return fail(
      'unknown',
      TOKEN_STEPS.lookup,
      'no access token with this value was issued by this org',
    )
  }
  const known = foundToken(found)
  const { row, grantRevokeReason, grantFlow } = known
  checks.push({ step: TOKEN_STEPS.lookup, detail: known.lookupDetail })

  const now = engine.clock.now()
  const revokedAt = row.revoked_at ?? known.grantRevokedAt
  if (revokedAt !== null) {
    return fail(
      'revoked',
      TOKEN_STEPS.active,
      `the access token was revoked at ${iso(revokedAt)}${grantRevokeReason ? ` (${grantRevokeReason})` : ''}`,
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
  checks.push({
    step: TOKEN_STEPS.active,
    detail: `not revoked; expires at ${known.expiresAt}, after virtual now ${iso(now)}`,
  })

  const holder = resolveTokenHolder(engine, row, checks)
  if (!holder.ok) return fail(holder.reason, holder.step, holder.detail, row)
  return {
    ok: true,
    row,
    app: holder.app,
    user: holder.user,
    grantFlow: grantFlow ?? undefined,
    checks,
  }
}

export type TokenHolder =
  | { ok: true; app: WorkspaceApp; user: WorkspaceUser }
  | { ok: false; reason: 'unknown_app' | 'inactive_user'; step: string; detail: string }

/**
 * The app and user a stored token (access or refresh) was issued to, as the workspace has
 * them now: a token outlives neither its app's removal nor its user's deactivation.
 * Appends the passed checks to `checks`.
 */
export function resolveTokenHolder(
  engine: TokenEngine,
  row: { app_key: string; user_id: string },
  checks: TokenCheck[],
): TokenHolder {
  const app = engine.store.workspace.findAppByConsumerKey(row.app_key)
  if (!app) {
    return {
      ok: false,
      reason: 'unknown_app',
      step: TOKEN_STEPS.app,
      detail: `the app the token was issued to (${row.app_key}) is no longer in the workspace`,
    }
  }
  checks.push({ step: TOKEN_STEPS.app, detail: `issued to app ${app.name} (${app.consumerKey})` })

  const user = engine.store.workspace.findUserById(row.user_id)
  if (!user) {
    return {
      ok: false,
      reason: 'inactive_user',
      step: TOKEN_STEPS.user,
      detail: `the token's user ${row.user_id} is no longer in the workspace`,
    }
  }
  if (!user.active) {
    return {
      ok: false,
      reason: 'inactive_user',
      step: TOKEN_STEPS.user,
      detail: `user ${user.username} is inactive`,
    }
  }
  checks.push({ step: TOKEN_STEPS.user, detail: `user ${user.username} is active` })
  return { ok: true, app, user }
}

/** When the token's grant was revoked, or null. Tokens are revoked with their grant; this
 * also covers a token written after a concurrent grant revocation. */
export function grantRevokedAt(engine: TokenEngine, grantId: string): number | null {
  return engine.oauth.store.findGrant(grantId)?.revoked_at ?? null
}

/**
 * The token in an `Authorization` header. Salesforce accepts its own historic scheme
 * (`OAuth <session id>`) as well as RFC 6750's `Bearer <token>`.
 */
export function readBearer(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined
  const match = /^(?:Bearer|OAuth)[ ]+(\S+)[ ]*$/i.exec(authorization)
  return match?.[1]
}
