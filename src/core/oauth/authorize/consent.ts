import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { LOGIN_FAILED_MESSAGE } from '../pages/login-page'
import { param } from '../params'
import { check, runSteps, step } from '../steps'
import { established } from './context'
import { finishWithCode, finishWithError, showLogin, userIsActive } from './flow'
import { forbiddenForm, formCsrf, formOrigin, pendingRequest, type FormContext } from './form-steps'
import { readForm } from './login'
import { revalidate } from './resume'
import { showErrorPage } from './respond'
import { currentSession, endSession } from './session'
import { userApproved, type UserContext } from './user-steps'

/** The consent form must be posted by the browser session that logged in on the request. */
const sessionMatches = step<FormContext>('session.match', (ctx) => {
  const pending = established(ctx.pending, 'the pending request')
  if (!ctx.session) {
    throw forbiddenForm('invalid session').because('the browser has no live session')
  }
  if (pending.userId === null || pending.userId !== ctx.session.userId) {
    throw forbiddenForm('invalid session').because(
      `the session belongs to ${ctx.session.userId}, the request was logged in as ${pending.userId ?? 'nobody'}`,
    )
  }
  return 'the session is the one that logged in on this request'
})

/** Allow goes on; Deny fails the step with Salesforce's `access_denied`. */
const consentDecision = step<FormContext>('consent.decision', (ctx) => {
  const value = param(ctx.form, 'decision')
  if (value === 'deny') throw sfErrors.accessDenied().because('the user clicked Deny')
  if (value !== 'approve') {
    throw sfErrors
      .invalidRequest('invalid consent decision')
      .because(`decision is "${value ?? ''}"`)
  }
  return 'the user clicked Allow'
})

/**
 * POST of the consent form (#oaapprove / #oadeny). Origin, pending request, CSRF token and
 * session must all match (else 403 and nothing is granted — security case 11). Deny sends
 * `access_denied` back; Allow remembers the approval and issues the code. Always 303.
 */
export async function handleConsent(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const trace = request.gatehouse
  trace.grantType = 'authorization_code'
  const form = await readForm(engine, request, reply)
  if (!form) return reply
  const session = currentSession(engine, request)
  const ctx: FormContext = { log: trace.log, engine, trace, request, form, session }
  try {
    await runSteps(ctx, [formOrigin, pendingRequest, formCsrf, sessionMatches])
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  const pending = established(ctx.pending, 'the pending request')

  const valid = await revalidate(engine, reply, trace, pending, 303)
  if (!valid) return reply
  const done = {
    engine,
    reply,
    trace,
    request: valid,
    resumed: pending,
    redirectStatus: 303 as const,
  }
  try {
    await check(ctx, consentDecision)
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    if (err.error === 'access_denied') return finishWithError(done, err)
    return showErrorPage(engine, reply, err, valid.display)
  }

  const user = engine.store.workspace.findUserById(established(session, 'the session').userId)
  if (user) {
    trace.userId = user.id
    trace.username = user.username
  }
  const userCtx: UserContext = {
    log: trace.log,
    engine,
    trace,
    request: valid,
    session,
    resumed: pending,
    user,
  }
  try {
    if (!user) {
      throw sfErrors.inactiveUser().because('the logged-in user is no longer in the workspace')
    }
    if (!(await userIsActive(userCtx))) {
      if (session) endSession(engine, reply, session)
      return showLogin({ engine, reply, request: valid }, pending, {
        message: LOGIN_FAILED_MESSAGE,
        username: user.username,
      })
    }
    await check(userCtx, userApproved)
  } catch (err) {
    if (err instanceof OAuthError) return finishWithError(done, err)
    throw err
  }
  await check(
    userCtx,
    step('consent.save', () => {
      engine.oauth.store.saveConsent(
        user.id,
        valid.app.consumerKey,
        valid.scopes.join(' '),
        engine.clock.now(),
      )
      return `remembered that ${user.username} approved ${valid.app.name} for ${valid.scopes.join(' ') || 'no scopes'}`
    }),
  )
  return finishWithCode(done, user)
}
