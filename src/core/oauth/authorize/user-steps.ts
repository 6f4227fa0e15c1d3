import type { Gatehouse } from '../../gatehouse'
import { describePreAuthorization, isPreAuthorized } from '../../policy/permitted-users'
import type { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { WorkspaceUser } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import { skipped, step, type HasStepLog } from '../steps'
import { established } from './context'
import type { PendingRequest } from './pending'
import type { ValidAuthorizeRequest } from './request'
import type { BrowserSession } from './session'

/** What the steps about the person (session, activity, approval, consent) share. */
export interface UserContext extends HasStepLog {
  engine: Gatehouse
  trace: ExchangeTrace
  request: ValidAuthorizeRequest
  session: BrowserSession | undefined
  /** The pending request being resumed after the login form, if any. */
  resumed?: PendingRequest
  user?: WorkspaceUser
  needsLogin?: boolean
  needsConsent?: boolean
}

/** `immediate=true` (Salesforce) or `prompt=none` (OIDC): the user may not be shown a page. */
export function withoutUi(request: ValidAuthorizeRequest): boolean {
  return request.immediate || request.prompt.has('none')
}

/** The error a no-UI request gets when a page would have been needed. */
export function noUiError(request: ValidAuthorizeRequest, needed: 'login' | 'consent'): OAuthError {
  if (request.immediate) return sfErrors.immediateUnsuccessful()
  return needed === 'login' ? sfErrors.loginRequired() : sfErrors.consentRequired()
}

function noUiParam(request: ValidAuthorizeRequest): string {
  return request.immediate ? 'immediate=true' : 'prompt=none'
}

function loggedIn(ctx: UserContext, userId: string): WorkspaceUser | undefined {
  const user = ctx.engine.store.workspace.findUserById(userId)
  if (user) {
    ctx.user = user
    ctx.trace.userId = user.id
    ctx.trace.username = user.username
  }
  return user
}

/** Who is logged in, and whether the login page must be shown first. */
export const sessionLookup = step<UserContext>('session.lookup', (ctx) => {
  const { request, session, resumed } = ctx
  const needLogin = (why: string) => {
    if (withoutUi(request)) {
      throw noUiError(request, 'login').because(
        `${why}, and ${noUiParam(request)} forbids the login page`,
      )
    }
    ctx.needsLogin = true
    return `${why}: the login page is shown`
  }

  if (resumed) {
    if (!session || session.userId !== resumed.userId) {
      return needLogin('no session from the login on this request')
    }
    const user = loggedIn(ctx, session.userId)
    if (!user) {
      return needLogin(`the logged-in user ${session.userId} is no longer in the workspace`)
    }
    return `${user.username} logged in on this request`
  }
  if (request.prompt.has('login')) {
    return needLogin(
      session ? 'prompt=login asks for a fresh login despite the session' : 'prompt=login',
    )
  }
  if (!session) return needLogin('no session cookie')
  const user = loggedIn(ctx, session.userId)
  if (!user) return needLogin(`the session's user ${session.userId} is no longer in the workspace`)
  return `session of ${user.username}`
})

export const userActive = step<UserContext>('user.active', (ctx) => {
  const user = established(ctx.user, 'the user')
  if (!user.active) throw sfErrors.inactiveUser().because(`user ${user.username} is inactive`)
  return `user ${user.username} is active`
})

export const userApproved = step<UserContext>('user.approved', (ctx) => {
  const user = established(ctx.user, 'the user')
  const app = ctx.request.app
  if (app.policies.permittedUsers !== 'adminApprovedPreAuthorized') {
    return skipped('all users may self-authorize: the consent page decides')
  }
  if (!isPreAuthorized(app, user)) {
    throw sfErrors
      .appAccessDenied()
      .because(`${describePreAuthorization(app, user)}: not pre-authorized`)
  }
  return `${describePreAuthorization(app, user)}: pre-authorized`
})

export const consentRequired = step<UserContext>('consent.required', (ctx) => {
  const user = established(ctx.user, 'the user')
  const { request } = ctx
  const app = request.app
  const needConsent = (why: string) => {
    if (withoutUi(request)) {
      throw noUiError(request, 'consent').because(
        `${why}, and ${noUiParam(request)} forbids the consent page`,
      )
    }
    ctx.needsConsent = true
    return `${why}: the consent page is shown`
  }

  if (app.policies.permittedUsers === 'adminApprovedPreAuthorized') {
    return skipped('admin-approved app: pre-authorized users are never asked for consent')
  }
  if (request.prompt.has('consent')) return needConsent('prompt=consent')
  const approved = ctx.engine.oauth.store.consentScopes(user.id, app.consumerKey)
  if (approved === undefined) {
    return needConsent(`${user.username} has not approved ${app.name} before`)
  }
  const approvedSet = new Set(approved.split(' ').filter(Boolean))
  const missing = request.scopes.filter((s) => !approvedSet.has(s))
  if (missing.length) {
    return needConsent(`the earlier approval (${approved}) does not cover ${missing.join(' ')}`)
  }
  return `${user.username} approved ${app.name} before for ${approved}`
})
