import { sfErrors } from '../../salesforce/oauth-errors'
import type { GrantRow, RefreshTokenRow } from '../../store/oauth-store'
import type { TokenResponse } from '../../tokens/issue'
import { sha256Hex } from '../../tokens/random'
import { param } from '../params'
import { parseScopeParam } from '../scopes'
import { check, skipped, step, type MaybePromise } from '../steps'
import type { ClientAuthenticatedGrant, ClientGrantContext } from '../token/context'
import { decide, decided } from '../token/decide'
import { issueTokens } from './issue'
import { evaluateRefreshPolicy } from '../../policy/refresh-policy'
import { appLabel, isoTime, splitScopes } from './text'
import { checkUserApproved, requireActiveUser } from './user-steps'

/**
 * A rotated refresh token presented again within this window (virtual clock) is taken for
 * the losing side of a concurrent refresh by the same client, not for a stolen copy: it is
 * refused without revoking the grant, so the winner's new token survives (security case
 * 31). After the window, a replay revokes the whole grant (security case 29).
 */
export const ROTATION_RACE_GRACE_MS = 5_000

const REFRESH_SYNONYMS = ['refresh_token', 'offline_access']

interface PresentedToken {
  raw: string
  row: RefreshTokenRow
}

/** `refresh.lookup`: by SHA-256 digest; an unknown token is Salesforce's dead-token error. */
function lookup(ctx: ClientGrantContext): MaybePromise<PresentedToken> {
  return decide(ctx, 'refresh.lookup', () => {
    const raw = param(ctx.params, 'refresh_token')
    if (raw === undefined) {
      throw sfErrors.missingParameter('refresh_token').because('the request has no refresh_token')
    }
    const row = ctx.engine.oauth.store.findRefreshToken(sha256Hex(raw))
    if (!row) throw sfErrors.expiredToken().because('no refresh token with this value was issued')
    ctx.trace.grantId = row.grant_id
    return decided(
      { raw, row },
      `refresh token of grant ${row.grant_id}, issued at ${isoTime(row.created_at)}`,
    )
  })
}

/** `refresh.client`: a refresh token only works for the app it was issued to. */
function checkClient(ctx: ClientGrantContext, row: RefreshTokenRow): MaybePromise<void> {
  return check(
    ctx,
    step('refresh.client', () => {
      if (row.app_key !== ctx.app.consumerKey) {
        throw sfErrors
          .expiredToken()
          .because(
            `the refresh token was issued to ${appLabel(ctx.engine, row.app_key)}, presented by ${ctx.app.name}`,
          )
      }
      return `the refresh token was issued to ${ctx.app.name}`
    }),
  )
}

/**
 * `refresh.active`: not revoked, its grant not revoked. A token that rotation already retired
 * and that comes back later is a replay (RFC 9700 §4.14.2): the whole grant is revoked.
 */
function checkActive(
  ctx: ClientGrantContext,
  row: RefreshTokenRow,
): MaybePromise<GrantRow | undefined> {
  return decide(ctx, 'refresh.active', () => {
    const { store } = ctx.engine.oauth
    if (row.rotated_at !== null) {
      const ago = ctx.now - row.rotated_at
      if (ago <= ROTATION_RACE_GRACE_MS) {
        throw sfErrors
          .expiredToken()
          .because(
            `this refresh token was rotated ${ago} ms ago; inside the ${ROTATION_RACE_GRACE_MS / 1000} s grace for concurrent refreshes, so the grant is kept`,
          )
      }
      store.revokeGrant(row.grant_id, ctx.now, 'rotated refresh token replayed')
      throw sfErrors
        .expiredToken()
        .because(
          `replay: this refresh token was rotated at ${isoTime(row.rotated_at)}; revoked grant ${row.grant_id} and every token issued from it`,
        )
    }
    if (row.revoked_at !== null) {
      throw sfErrors
        .expiredToken()
        .because(`the refresh token was revoked at ${isoTime(row.revoked_at)}`)
    }
    const grant = store.findGrant(row.grant_id)
    if (grant?.revoked_at != null) {
      throw sfErrors
        .expiredToken()
        .because(
          `its grant was revoked at ${isoTime(grant.revoked_at)} (${grant.revoke_reason ?? 'no reason recorded'})`,
        )
    }
    return decided(grant, 'the refresh token and its grant are not revoked')
  })
}

/** `refresh.policy`: the app's Refresh Token Policy, on the virtual clock. */
function checkPolicy(
  ctx: ClientGrantContext,
  row: RefreshTokenRow,
  grant: GrantRow | undefined,
): MaybePromise<void> {
  return check(
    ctx,
    step('refresh.policy', () => {
      const verdict = evaluateRefreshPolicy(ctx.app.policies.refreshTokenPolicy, {
        tokenCreatedAt: row.created_at,
        lastUsedAt: row.last_used_at,
        grantCreatedAt: grant?.created_at ?? row.created_at,
        now: ctx.now,
      })
      if (!verdict.usable) throw sfErrors.expiredToken().because(verdict.detail)
      return verdict.detail
    }),
  )
}

function hasScope(granted: readonly string[], scope: string): boolean {
  if (granted.includes(scope)) return true
  return REFRESH_SYNONYMS.includes(scope) && granted.some((s) => REFRESH_SYNONYMS.includes(s))
}

/** `refresh.scope`: a narrower `scope` is allowed; anything not granted is invalid_scope. */
function resolveRefreshScopes(
  ctx: ClientGrantContext,
  row: RefreshTokenRow,
): MaybePromise<string[]> {
  return decide(ctx, 'refresh.scope', () => {
    const granted = splitScopes(row.scopes)
    const requested = parseScopeParam(param(ctx.params, 'scope'))
    if (!requested)
      return decided(granted, `no scope parameter: the grant's scopes (${row.scopes || 'none'})`)
    const wider = requested.filter((s) => !hasScope(granted, s))
    if (wider.length) {
      throw sfErrors
        .invalidScope()
        .because(`scope ${wider.join(', ')} was not granted (granted: ${row.scopes || 'none'})`)
    }
    return decided(requested, `narrowed to ${requested.join(' ')} (granted: ${row.scopes})`)
  })
}

async function refresh(ctx: ClientGrantContext): Promise<TokenResponse> {
  const presented = await lookup(ctx)
  const { row } = presented
  await checkClient(ctx, row)
  const grant = await checkActive(ctx, row)
  const user = await requireActiveUser(ctx, row.user_id)
  await checkUserApproved(ctx, ctx.app, user, 'grant')
  await checkPolicy(ctx, row, grant)
  const scopes = await resolveRefreshScopes(ctx, row)

  const rotate = ctx.app.refreshTokenRotation
  const input = {
    app: ctx.app,
    user,
    scopes,
    refreshToken: rotate,
    signature: true,
    issuedAt: true,
    idToken: {},
    grantId: row.grant_id,
    flow: 'refresh_token' as const,
    rotateFrom: rotate ? presented.raw : undefined,
    // A narrower scope applies to this access token only; the successor refresh token keeps
    // what the user granted, so a later refresh can ask for the full scope again.
    refreshScopes: row.scopes.split(' ').filter(Boolean),
  }
  if (rotate) {
    const issued = await issueTokens(ctx, input, 'refresh.rotate')
    await check(
      ctx,
      step(
        'tokens.issue',
        () => `the response carries the successor refresh token; grant ${issued.grantId}`,
      ),
    )
    return issued.response
  }
  await check(
    ctx,
    step('refresh.rotate', () =>
      skipped('rotation is off: the refresh token stays valid and is not returned'),
    ),
  )
  const issued = await issueTokens(ctx, input)
  ctx.engine.oauth.store.touchRefreshToken(sha256Hex(presented.raw), ctx.now)
  return issued.response
}

export const refreshTokenGrant: ClientAuthenticatedGrant = {
  grantType: 'refresh_token',
  client: 'authenticated',
  secretRule: (app) =>
    app.requireSecretForRefreshTokenFlow
      ? { required: true, why: `${app.name} requires the secret for the refresh token flow` }
      : { required: false, why: `${app.name} has "Require Secret for Refresh Token Flow" off` },
  handle: refresh,
}
