import type { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { describePreAuthorization, isPreAuthorized } from '../../policy/permitted-users'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'
import { check, step, type MaybePromise } from '../steps'
import type { TokenRequestContext } from '../token/context'
import { decide, decided } from '../token/decide'

/** Records who the request is about as soon as the user is known. */
export function traceUser(ctx: TokenRequestContext, user: WorkspaceUser): void {
  ctx.trace.userId = user.id
  ctx.trace.username = user.username
}

/**
 * `user.active`: a deactivated user gets no tokens. `refuseAs` lets a grant answer with its
 * own uniform error (the password grant says only "authentication failure").
 */
export function checkUserActive(
  ctx: TokenRequestContext,
  user: WorkspaceUser,
  refuseAs: () => OAuthError = sfErrors.inactiveUser,
): MaybePromise<void> {
  return check(
    ctx,
    step('user.active', () => {
      if (!user.active) throw refuseAs().because(`user ${user.username} is inactive`)
      return `user ${user.username} is active`
    }),
  )
}

/**
 * `user.active` for a user known by id (from a code or a refresh token): one who has since
 * been removed from the workspace, or deactivated, is Salesforce's inactive user.
 */
export function requireActiveUser(
  ctx: TokenRequestContext,
  userId: string,
): MaybePromise<WorkspaceUser> {
  return decide(ctx, 'user.active', () => {
    const user = ctx.engine.store.workspace.findUserById(userId)
    if (!user) {
      throw sfErrors.inactiveUser().because(`user ${userId} no longer exists in the workspace`)
    }
    traceUser(ctx, user)
    if (!user.active) throw sfErrors.inactiveUser().because(`user ${user.username} is inactive`)
    return decided(user, `user ${user.username} is active`)
  })
}

/**
 * What shows that a user of a self-authorize app approved it: a remembered consent (JWT
 * bearer needs the user to have approved the app in a browser before), the grant the token
 * comes from (code, refresh), or nothing needed (the user's own password).
 */
export type ApprovalEvidence = 'consent' | 'grant' | 'credentials'

const SELF_AUTHORIZED: Record<Exclude<ApprovalEvidence, 'consent'>, string> = {
  grant: "the grant this token belongs to is the user's approval",
  credentials: 'users approve it by signing in with their own password',
}

/**
 * `user.approved`: the app's Permitted Users policy. Admin-approved apps accept only users
 * whose profile or permission set is assigned; self-authorize apps need the user's approval.
 */
export function checkUserApproved(
  ctx: TokenRequestContext,
  app: WorkspaceApp,
  user: WorkspaceUser,
  evidence: ApprovalEvidence,
  refuseAs?: () => OAuthError,
): MaybePromise<void> {
  return check(
    ctx,
    step('user.approved', () => {
      if (app.policies.permittedUsers === 'adminApprovedPreAuthorized') {
        const why = describePreAuthorization(app, user)
        if (!isPreAuthorized(app, user)) {
          throw (refuseAs ?? sfErrors.notAdminApproved)().because(`not pre-authorized: ${why}`)
        }
        return `pre-authorized: ${why}`
      }
      if (evidence !== 'consent') {
        return `${app.name} lets users self-authorize; ${SELF_AUTHORIZED[evidence]}`
      }
      const consented = ctx.engine.oauth.store.consentScopes(user.id, app.consumerKey)
      if (consented === undefined) {
        throw (refuseAs ?? sfErrors.notApproved)().because(
          `${app.name} lets users self-authorize, and ${user.username} has never approved it in the browser`,
        )
      }
      return `${user.username} approved ${app.name} before (scopes: ${consented || 'none'})`
    }),
  )
}
