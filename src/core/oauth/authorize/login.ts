import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { loginPageRefusal } from '../../policy/login-steps'
import { LOGIN_FAILED_MESSAGE } from '../pages/login-page'
import { param, readParams, type Params } from '../params'
import { check, runSteps, step } from '../steps'
import { established } from './context'
import { showLogin } from './flow'
import { formCsrf, formOrigin, pendingRequest, type FormContext } from './form-steps'
import { loginCredentials, loginUserActive } from './login-steps'
import { revalidate } from './resume'
import { redirect, showErrorPage } from './respond'
import { currentSession, startSession } from './session'

export const CONTINUE_PATH = '/services/oauth2/authorize/continue'

/** Where the browser goes after a successful login: the pending request, resumed. */
export function continueUrl(requestId: string): string {
  return `${CONTINUE_PATH}?request_id=${encodeURIComponent(requestId)}`
}

/**
 * Reads a form body; a repeated field is refused with the error page (undefined: the page
 * was sent), never coerced.
 */
export async function readForm(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Params | undefined> {
  try {
    let form: Params = new Map()
    await check(
      { log: request.gatehouse.log },
      step('request.params', () => {
        form = readParams(request.body)
        return `${form.size} form field(s), none repeated`
      }),
    )
    return form
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    showErrorPage(engine, reply, err)
    return undefined
  }
}

/**
 * POST of the login form. Wrong credentials and inactive users stay on the login page with
 * Salesforce's generic message (HTTP 200, username kept); success starts a session and
 * answers 303 (never 307, which would re-post the password — security case 10).
 */
export async function handleLogin(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const trace = request.gatehouse
  trace.grantType = 'authorization_code'
  const form = await readForm(engine, request, reply)
  if (!form) return reply
  const ctx: FormContext = {
    log: trace.log,
    engine,
    trace,
    request,
    form,
    session: currentSession(engine, request),
  }
  try {
    await runSteps(ctx, [formOrigin, pendingRequest, formCsrf])
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  const pending = established(ctx.pending, 'the pending request')

  const valid = await revalidate(engine, reply, trace, pending, 303)
  if (!valid) return reply

  try {
    await runSteps(ctx, [loginCredentials, loginUserActive])
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    return showLogin({ engine, reply, request: valid }, pending, {
      message: LOGIN_FAILED_MESSAGE,
      username: param(form, 'username') ?? '',
    })
  }

  const user = established(ctx.user, 'the user')
  const restricted = await loginPageRefusal(ctx, {
    engine,
    trace,
    app: valid.app,
    user,
    now: engine.clock.now(),
  })
  if (restricted) {
    return showLogin({ engine, reply, request: valid }, pending, {
      message: restricted,
      username: user.username,
    })
  }
  await check(
    ctx,
    step('session.create', () => {
      startSession(engine, reply, user.id, ctx.session)
      engine.oauth.store.markLoggedIn(pending.id, user.id, engine.clock.now())
      return `new browser session for ${user.username} (2 hours on the virtual clock)`
    }),
  )
  return redirect(reply, continueUrl(pending.id), 303)
}
