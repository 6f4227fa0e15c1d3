import type { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { TokenResponse } from '../../tokens/issue'
import { constantTimeEqual } from '../../tokens/random'
import type { WorkspaceUser } from '../../workspace'
import { param } from '../params'
import { parseScopeParam, resolveScopes } from '../scopes'
import { check, step, type MaybePromise } from '../steps'
import type { ClientAuthenticatedGrant, ClientGrantContext } from '../token/context'
import { decide, decided } from '../token/decide'
import { issueTokens } from './issue'
import { LOCKOUT_THRESHOLD } from './password-lockout'
import { checkUserActive, checkUserApproved, traceUser } from './user-steps'

/**
 * Username-password flow (reference §4.7). Every failure after client authentication —
 * flow off, External Client App, unknown user, wrong password, lockout, inactive user — is
 * Salesforce's one answer, invalid_grant / authentication failure; the real reason is in the
 * step log only, so the wire tells an attacker nothing.
 */
const refuse = (): OAuthError => sfErrors.authenticationFailure()

/** `password.enabled`: connected apps with the flow switched on; never External Client Apps. */
function checkEnabled(ctx: ClientGrantContext): MaybePromise<void> {
  return check(
    ctx,
    step('password.enabled', () => {
      const { app } = ctx
      if (app.kind === 'externalClientApp') {
        throw refuse().because(
          `${app.name} is an External Client App; they have no username-password flow`,
        )
      }
      if (!app.usernamePassword.enabled) {
        throw refuse().because(`the username-password flow is not enabled on ${app.name}`)
      }
      return `the username-password flow is enabled on connected app ${app.name}`
    }),
  )
}

/** `user.lookup`: both credentials present and the username known. */
function lookupUser(
  ctx: ClientGrantContext,
): MaybePromise<{ user: WorkspaceUser; password: string }> {
  return decide(ctx, 'user.lookup', () => {
    const username = param(ctx.params, 'username')
    const password = param(ctx.params, 'password')
    if (username === undefined || password === undefined) {
      const missing = [username === undefined && 'username', password === undefined && 'password']
      throw refuse().because(`missing ${missing.filter(Boolean).join(' and ')}`)
    }
    const user = ctx.engine.store.workspace.findUserByUsername(username)
    if (!user) throw refuse().because(`no user has username ${username}`)
    traceUser(ctx, user)
    return decided({ user, password }, `username ${username} is user ${user.id}`)
  })
}

/** `password.lockout`: a locked user is refused even with the right password. */
function checkLockout(ctx: ClientGrantContext, user: WorkspaceUser): MaybePromise<void> {
  return check(
    ctx,
    step('password.lockout', () => {
      const remaining = ctx.services.lockout.remainingLock(user.id, ctx.now)
      if (remaining > 0) {
        const seconds = Math.ceil(remaining / 1000)
        throw sfErrors
          .lockedOut(seconds)
          .because(
            `${user.username} is locked out after ${LOCKOUT_THRESHOLD} wrong passwords; ${seconds} s left`,
          )
      }
      return `${user.username} is not locked out`
    }),
  )
}

/**
 * `password.verify`: the workspace password, exactly. Salesforce also accepts the password
 * followed by the user's security token; security tokens are not modelled yet, so a
 * password with a token appended is refused.
 */
function verifyPassword(
  ctx: ClientGrantContext,
  user: WorkspaceUser,
  presented: string,
): MaybePromise<void> {
  return check(
    ctx,
    step('password.verify', () => {
      const { lockout } = ctx.services
      if (user.password === undefined) {
        throw refuse().because(
          `${user.username} has no password in the workspace, so cannot sign in with one`,
        )
      }
      if (!constantTimeEqual(presented, user.password)) {
        const outcome = lockout.recordFailure(user.id, ctx.now)
        throw refuse().because(
          `wrong password for ${user.username} (${outcome.count} consecutive failure${outcome.count === 1 ? '' : 's'} within an hour` +
            (outcome.locked ? '; the user is now locked out' : '') +
            ')',
        )
      }
      lockout.recordSuccess(user.id)
      return `the password matches ${user.username}'s (compared in constant time)`
    }),
  )
}

/** `scope.allowed`: omitted means every scope selected on the app. */
function resolveScopesStep(ctx: ClientGrantContext): MaybePromise<string[]> {
  return decide(ctx, 'scope.allowed', () => {
    const scopes = resolveScopes(ctx.app, parseScopeParam(param(ctx.params, 'scope')))
    return decided(scopes, `scopes: ${scopes.join(' ') || 'none'}`)
  })
}

async function signIn(ctx: ClientGrantContext): Promise<TokenResponse> {
  await checkEnabled(ctx)
  const { user, password } = await lookupUser(ctx)
  await checkLockout(ctx, user)
  await verifyPassword(ctx, user, password)
  await checkUserActive(ctx, user, refuse)
  await checkUserApproved(ctx, ctx.app, user, 'credentials', refuse)
  const scopes = await resolveScopesStep(ctx)
  const issued = await issueTokens(ctx, {
    app: ctx.app,
    user,
    scopes,
    refreshToken: false,
    signature: true,
    issuedAt: true,
    idToken: false,
    flow: 'password',
  })
  return issued.response
}

export const passwordGrant: ClientAuthenticatedGrant = {
  grantType: 'password',
  client: 'authenticated',
  secretRule: () => ({
    required: true,
    why: 'the username-password flow always needs the consumer secret',
  }),
  handle: signIn,
}
