import type { FastifyReply } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import type { WorkspaceUser } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import { consentPage } from '../pages/consent-page'
import { LOGIN_FAILED_MESSAGE, loginPage } from '../pages/login-page'
import { sendPage } from '../pages/send'
import { check } from '../steps'
import { issueAuthorizationCode } from './code'
import { finishWithTokens } from './implicit'
import { established } from './context'
import { createPendingRequest, requestExpired, type PendingRequest } from './pending'
import { codeResponseUrl } from './redirect'
import type { ValidAuthorizeRequest } from './request'
import { redirect, redirectError, showErrorPage, type RedirectStatus } from './respond'
import { endSession, type BrowserSession } from './session'
import {
  consentRequired,
  noUiError,
  sessionLookup,
  userActive,
  userApproved,
  withoutUi,
  type UserContext,
} from './user-steps'

/**
 * The second half of an authorization: with a valid request in hand, decide what the person
 * in the browser sees next — the login page, the consent page, or the way back to the app
 * with a code or an error. Shared by the authorize GET and the resumption after login.
 */
export interface ProceedInput {
  engine: Gatehouse
  reply: FastifyReply
  trace: ExchangeTrace
  request: ValidAuthorizeRequest
  session: BrowserSession | undefined
  /** The pending request being resumed after the login form. */
  resumed?: PendingRequest
  redirectStatus: RedirectStatus
}

export async function proceed(input: ProceedInput): Promise<FastifyReply> {
  const { engine, reply, trace, request, session, resumed } = input
  const ctx: UserContext = { log: trace.log, engine, trace, request, session, resumed }
  try {
    await check(ctx, sessionLookup)
    if (ctx.needsLogin) return showLogin(input, resumed ?? createPendingRequest(engine, request))
    const user = established(ctx.user, 'the user')
    if (!(await userIsActive(ctx))) {
      if (session) endSession(engine, reply, session)
      if (withoutUi(request)) return finishWithError(input, noUiError(request, 'login'))
      return showLogin(input, resumed ?? createPendingRequest(engine, request), {
        message: LOGIN_FAILED_MESSAGE,
        username: user.username,
      })
    }
    await check(ctx, userApproved)
    await check(ctx, consentRequired)
    if (ctx.needsConsent) return showConsent(input, user)
    return await finishWithCode(input, user)
  } catch (err) {
    if (err instanceof OAuthError) return finishWithError(input, err)
    throw err
  }
}

/**
 * Runs `user.active`. An inactive user is sent back to the login page with Salesforce's
 * generic message (the real reason stays in the trace), so it answers false, not an error.
 */
export async function userIsActive(ctx: UserContext): Promise<boolean> {
  try {
    await check(ctx, userActive)
    return true
  } catch (err) {
    if (err instanceof OAuthError && ctx.user && !ctx.user.active) return false
    throw err
  }
}

export function showLogin(
  input: Pick<ProceedInput, 'engine' | 'reply' | 'request'>,
  pending: PendingRequest,
  options: { message?: string; username?: string } = {},
): FastifyReply {
  const { engine, request } = input
  input.reply.request.gatehouse.authorizeRequestId = pending.id
  const page = loginPage({
    orgName: engine.org().name,
    appName: request.app.name,
    requestId: pending.id,
    csrf: pending.csrf,
    display: request.display,
    username: options.username ?? request.loginHint,
    error: options.message,
  })
  return sendPage(input.reply, 200, page, [request.redirectUri])
}

function showConsent(input: ProceedInput, user: WorkspaceUser): FastifyReply {
  const { engine, request } = input
  let pending = input.resumed
  if (!pending) {
    pending = createPendingRequest(engine, request)
    engine.oauth.store.markLoggedIn(pending.id, user.id, engine.clock.now())
  }
  input.trace.authorizeRequestId = pending.id
  const page = consentPage({
    orgName: engine.org().name,
    appName: request.app.name,
    scopes: request.scopes,
    user: { name: displayName(user), username: user.username },
    requestId: pending.id,
    csrf: pending.csrf,
    display: request.display,
  })
  return sendPage(input.reply, 200, page, [request.redirectUri])
}

export function displayName(user: WorkspaceUser): string {
  return [user.firstName, user.lastName].filter(Boolean).join(' ')
}

/** Ends the pending request (if any) and sends the error back to the client. */
export function finishWithError(
  input: Pick<ProceedInput, 'engine' | 'reply' | 'request' | 'resumed' | 'redirectStatus'>,
  err: OAuthError,
): FastifyReply {
  if (input.resumed) input.engine.oauth.store.finishAuthorizeRequest(input.resumed.id)
  return redirectError(input.engine, input.reply, input.request, err, input.redirectStatus)
}

/**
 * Completes the request with a code — or, for the user-agent flow, with the tokens in the
 * fragment. A resumed request is finished first, consume-once, so a replayed form or
 * continue link cannot mint a second code or token.
 */
export async function finishWithCode(
  input: Pick<
    ProceedInput,
    'engine' | 'reply' | 'trace' | 'request' | 'resumed' | 'redirectStatus'
  >,
  user: WorkspaceUser,
): Promise<FastifyReply> {
  const { engine, reply, request } = input
  if (input.resumed && !engine.oauth.store.finishAuthorizeRequest(input.resumed.id)) {
    const err = requestExpired().because('the request was completed by another submission')
    input.trace.log.fail('request.finish', err)
    return showErrorPage(engine, reply, err, request.display)
  }
  if (request.responseType !== 'code') {
    return finishWithTokens(engine, reply, input.trace, request, user, input.redirectStatus)
  }
  const code = await issueAuthorizationCode(engine, input.trace, request, user)
  return redirect(
    reply,
    codeResponseUrl(request.redirectUri, code, request.state, engine.baseUrl),
    input.redirectStatus,
  )
}
