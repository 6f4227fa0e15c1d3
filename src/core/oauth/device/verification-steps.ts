import type { FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { ConnectRequestRow, DeviceCodeRow } from '../../store/device-store'
import { constantTimeEqual } from '../../tokens/random'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'
import { established } from '../authorize/context'
import { forbiddenForm } from '../authorize/form-steps'
import type { BrowserSession } from '../authorize/session'
import type { ExchangeTrace } from '../exchange-trace'
import { isoTime } from '../grants/text'
import { param, type Params } from '../params'
import { step, type HasStepLog } from '../steps'
import { attemptState, recordWrongCode, type AttemptState } from './attempts'
import { USER_CODE_ALPHABET, displayUserCode, normalizeUserCode, userCodeHash } from './codes'
import { sessionCsrfMatches } from './csrf'

/** What the verification page's steps share. */
export interface ConnectContext extends HasStepLog {
  engine: Gatehouse
  trace: ExchangeTrace
  request: FastifyRequest
  session: BrowserSession | undefined
  /** The query (GET) or the form (POST). */
  params: Params
  now: number
  user?: WorkspaceUser
  connect?: ConnectRequestRow
  code?: DeviceCodeRow
  app?: WorkspaceApp
  attempts?: AttemptState
  /** The code as typed, when it was one (normalized: upper case, no dash). */
  userCode?: string
}

/** A connect login request lives as long as an authorization request's login: 15 minutes. */
export const CONNECT_REQUEST_LIFETIME_MS = 15 * 60 * 1000

/** Not usable any more: answered with the error page. */
export const connectRequestExpired = (): OAuthError =>
  new OAuthError('invalid_request', 'device login request expired or already used')

/** `request.pending`: the login form belongs to an open, not yet used, connect request. */
export const connectPending = step<ConnectContext>('request.pending', (ctx) => {
  const id = param(ctx.params, 'request_id')
  if (!id) throw connectRequestExpired().because('the form carries no request_id')
  const row = ctx.engine.oauth.device.findConnectRequest(id)
  if (!row) throw connectRequestExpired().because(`no device login request has id ${id}`)
  if (row.user_id !== null)
    throw connectRequestExpired().because('someone already logged in on this request')
  if (row.expires_at <= ctx.now) {
    throw connectRequestExpired().because(`the request expired at ${isoTime(row.expires_at)}`)
  }
  ctx.connect = row
  return `device login request ${row.id} is open`
})

/** `request.csrf` of the login form: the connect request's own token. */
export const connectLoginCsrf = step<ConnectContext>('request.csrf', (ctx) => {
  const row = established(ctx.connect, 'the connect request')
  const presented = param(ctx.params, 'csrf')
  const matches = constantTimeEqual(presented ?? '', row.csrf)
  if (!presented || !matches) {
    throw forbiddenForm('invalid csrf token').because(
      presented
        ? 'the csrf token does not match the login request'
        : 'the form carries no csrf token',
    )
  }
  return 'csrf token matches the login request'
})

/** `session.required` for the forms after login: no session, no decision. */
export const sessionRequired = step<ConnectContext>('session.lookup', (ctx) => {
  if (!ctx.session) {
    throw forbiddenForm('invalid session').because('the browser has no live session; log in first')
  }
  const user = ctx.engine.store.workspace.findUserById(ctx.session.userId)
  if (!user)
    throw forbiddenForm('invalid session').because('the session user is no longer in the workspace')
  ctx.user = user
  ctx.trace.userId = user.id
  ctx.trace.username = user.username
  return `session of ${user.username}`
})

/** `request.csrf` of the forms after login: bound to the browser session. */
export const sessionCsrf = step<ConnectContext>('request.csrf', (ctx) => {
  const session = established(ctx.session, 'the session')
  const presented = param(ctx.params, 'csrf')
  if (!sessionCsrfMatches(ctx.engine, session, presented)) {
    throw forbiddenForm('invalid csrf token').because(
      presented
        ? 'the csrf token does not belong to this browser session'
        : 'the form carries no csrf token',
    )
  }
  return 'csrf token belongs to this browser session'
})

/** `user.active`: a deactivated user is logged out and sees the login page again. */
export const connectUserActive = step<ConnectContext>('user.active', (ctx) => {
  const user = established(ctx.user, 'the user')
  if (!user.active) throw sfErrors.inactiveUser().because(`user ${user.username} is inactive`)
  return `user ${user.username} is active`
})

/** The error the lock answers with: 429 and Retry-After (security case 38). */
export function lockedError(lockedUntil: number, now: number): OAuthError {
  const seconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000))
  return new OAuthError('rate_limit_exceeded', 'too many invalid user codes', 429, {
    'retry-after': String(seconds),
  })
}

/** `user_code.attempts`: this browser session has not used up its wrong codes. */
export const attemptsLeft = step<ConnectContext>('user_code.attempts', (ctx) => {
  const session = established(ctx.session, 'the session')
  const state = attemptState(ctx.engine, session, ctx.now)
  ctx.attempts = state
  if (state.lockedUntil !== null) {
    throw lockedError(state.lockedUntil, ctx.now).because(
      `${state.failures} wrong codes from this browser session; code entry is locked until ${isoTime(state.lockedUntil)}`,
    )
  }
  return state.failures
    ? `${state.failures} wrong code(s) so far from this session; ${state.left} left before the lock`
    : 'no wrong codes from this session'
})

/** A wrong or dead code: the same words whatever the reason, so nothing leaks about codes. */
export const invalidUserCode = (): OAuthError =>
  new OAuthError('invalid_request', 'invalid or expired user code')

/**
 * `user_code.verify`: the code names a device authorization that still waits for a decision,
 * of an app that still has the device flow on. A typed code's every miss counts against the
 * session (`countMisses`); the decision form's code came from our own page, so its misses
 * (the code expired meanwhile) do not.
 */
function verifyUserCode(countMisses: boolean) {
  return step<ConnectContext>('user_code.verify', (ctx) => verify(ctx, countMisses))
}

export const userCodeVerify = verifyUserCode(true)
export const decisionCodeVerify = verifyUserCode(false)

function verify(ctx: ConnectContext, countMisses: boolean): string {
  const session = established(ctx.session, 'the session')
  const typed = param(ctx.params, 'user_code')
  const miss = (why: string): never => {
    if (!countMisses) throw invalidUserCode().because(why)
    const state = recordWrongCode(ctx.engine, session, ctx.now)
    ctx.attempts = state
    const lock =
      state.lockedUntil !== null
        ? `; code entry is now locked until ${isoTime(state.lockedUntil)}`
        : `; ${state.left} tries left`
    throw invalidUserCode().because(`${why}${lock}`)
  }
  const code = normalizeUserCode(typed)
  if (!code) {
    return miss(
      `"${(typed ?? '').slice(0, 20)}" is not 8 letters from ${USER_CODE_ALPHABET} (dashes and case aside)`,
    )
  }
  ctx.userCode = code
  const row = ctx.engine.oauth.device.findByUserCode(userCodeHash(code))
  if (!row) return miss(`no device authorization has user code ${displayUserCode(code)}`)
  if (row.expires_at <= ctx.now)
    return miss(`user code ${displayUserCode(code)} expired at ${isoTime(row.expires_at)}`)
  if (row.status !== 'pending')
    return miss(`user code ${displayUserCode(code)} was already used (${row.status})`)
  const app = ctx.engine.store.workspace.findAppByConsumerKey(row.app_key)
  if (!app)
    return miss(`the app the code was issued to (${row.app_key}) is no longer in the workspace`)
  ctx.trace.appKey = app.consumerKey
  ctx.trace.appName = app.name
  if (!app.deviceFlow.enabled) {
    throw sfErrors
      .deviceFlowDisabled()
      .because(`the device flow was turned off on ${app.name} after the code was issued`)
  }
  ctx.code = row
  ctx.app = app
  return `user code ${displayUserCode(code)} is waiting for a decision: ${app.name}, scopes ${row.scopes || 'none'}, valid until ${isoTime(row.expires_at)}`
}
