import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { describePreAuthorization, isPreAuthorized } from '../../policy/permitted-users'
import { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { randomToken } from '../../tokens/random'
import type { WorkspaceUser } from '../../workspace'
import { established } from '../authorize/context'
import { displayName } from '../authorize/flow'
import { formOrigin, type FormContext } from '../authorize/form-steps'
import { readForm } from '../authorize/login'
import { loginCredentials, loginUserActive } from '../authorize/login-steps'
import { redirect, showErrorPage } from '../authorize/respond'
import { currentSession, endSession, startSession } from '../authorize/session'
import {
  CONNECT_DECISION_ACTION,
  CONNECT_DONE_PATH,
  CONNECT_LOGIN_ACTION,
  CONNECT_PATH,
  codeEntryPage,
  deviceConsentPage,
  deviceDonePage,
  deviceLockedPage,
} from '../pages/device-pages'
import { LOGIN_FAILED_MESSAGE, loginPage } from '../pages/login-page'
import { sendPage } from '../pages/send'
import { param, readParams, type Params } from '../params'
import { check, runSteps, skipped, step } from '../steps'
import { clearWrongCodes } from './attempts'
import { displayUserCode } from './codes'
import { sessionCsrf } from './csrf'
import {
  CONNECT_REQUEST_LIFETIME_MS,
  attemptsLeft,
  connectLoginCsrf,
  connectPending,
  connectUserActive,
  decisionCodeVerify,
  lockedError,
  sessionCsrf as sessionCsrfStep,
  sessionRequired,
  userCodeVerify,
  type ConnectContext,
} from './verification-steps'

/**
 * The device verification page (`/setup/connect?user_code=…[&prompt=login]`, reference
 * §4.6): log in (the same login form and browser session as the authorization endpoint),
 * enter or confirm the user code, then Allow or Deny. Forms are CSRF-protected and answered
 * with 303; every page carries the page security headers.
 *
 *   GET  /setup/connect            login, code entry, or the consent page for ?user_code=
 *   POST /setup/connect            the code entry form
 *   POST /setup/connect/login      the login form
 *   POST /setup/connect/decision   Allow / Deny
 *   GET  /setup/connect/done       what happens next, on the device
 */
export async function registerDeviceVerification(
  app: FastifyInstance,
  engine: Gatehouse,
): Promise<void> {
  app.get(CONNECT_PATH, (request, reply) => showConnect(engine, request, reply))
  app.post(CONNECT_PATH, (request, reply) => submitCode(engine, request, reply))
  app.post(CONNECT_LOGIN_ACTION, (request, reply) => submitLogin(engine, request, reply))
  app.post(CONNECT_DECISION_ACTION, (request, reply) => submitDecision(engine, request, reply))
  app.get(CONNECT_DONE_PATH, (request, reply) => showDone(engine, request, reply))
}

/** What the entry page says after a refused code (`?error=` from the form's 303). */
const ENTRY_ERRORS: Readonly<Record<string, string>> = {
  invalid_code: 'That code is invalid or has expired. Check the code on your device and try again.',
  used_code: 'That code has expired or was already used. Start again on your device.',
}

const LOGIN_APP_NAME = 'Connect Your Device'

function context(engine: Gatehouse, request: FastifyRequest, params: Params): ConnectContext {
  const trace = request.gatehouse
  trace.grantType = 'device'
  return {
    log: trace.log,
    engine,
    trace,
    request,
    session: currentSession(engine, request),
    params,
    now: engine.clock.now(),
  }
}

function formContext(ctx: ConnectContext): FormContext {
  const { log, engine, trace, request, session } = ctx
  return { log, engine, trace, request, form: ctx.params, session }
}

function signedIn(user: WorkspaceUser): { name: string; username: string } {
  return { name: displayName(user), username: user.username }
}

function connectUrl(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) params.set(name, value)
  const text = params.toString()
  return text ? `${CONNECT_PATH}?${text}` : CONNECT_PATH
}

function showLocked(ctx: ConnectContext, reply: FastifyReply, err: OAuthError): FastifyReply {
  const seconds = Number(err.headers['retry-after'] ?? 60)
  reply.header('retry-after', String(seconds))
  const page = deviceLockedPage({
    orgName: ctx.engine.org().name,
    retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)),
  })
  return sendPage(reply, 429, page)
}

/**
 * The login page, posting to this page's own login action with a fresh connect request. A
 * user code from the URL is kept with the request (15 minutes), so the page after login can
 * show it again; it is the code the person already holds in the URL, not a credential.
 */
function showLogin(
  ctx: ConnectContext,
  reply: FastifyReply,
  userCode: string | undefined,
  options: { message?: string; username?: string } = {},
): FastifyReply {
  const id = randomToken(24)
  const csrf = randomToken(32)
  ctx.engine.oauth.device.insertConnectRequest({
    id,
    csrf,
    user_code: userCode?.slice(0, 32) ?? null,
    created_at: ctx.now,
    expires_at: ctx.now + CONNECT_REQUEST_LIFETIME_MS,
  })
  const page = loginPage({
    orgName: ctx.engine.org().name,
    appName: LOGIN_APP_NAME,
    requestId: id,
    csrf,
    display: 'page',
    action: CONNECT_LOGIN_ACTION,
    username: options.username,
    error: options.message,
  })
  return sendPage(reply, 200, page)
}

function showEntry(ctx: ConnectContext, reply: FastifyReply, error?: string): FastifyReply {
  const user = established(ctx.user, 'the user')
  const session = established(ctx.session, 'the session')
  const left = ctx.attempts?.left
  const message =
    error && left !== undefined && left > 0 && ctx.attempts!.failures > 0
      ? `${error} ${left} ${left === 1 ? 'try' : 'tries'} left.`
      : error
  const page = codeEntryPage({
    orgName: ctx.engine.org().name,
    user: signedIn(user),
    csrf: sessionCsrf(ctx.engine, session),
    error: message,
  })
  return sendPage(reply, 200, page)
}

function showConsent(ctx: ConnectContext, reply: FastifyReply): FastifyReply {
  const user = established(ctx.user, 'the user')
  const app = established(ctx.app, 'the app')
  const code = established(ctx.code, 'the device code')
  const page = deviceConsentPage({
    orgName: ctx.engine.org().name,
    appName: app.name,
    scopes: code.scopes.split(' ').filter(Boolean),
    user: signedIn(user),
    csrf: sessionCsrf(ctx.engine, established(ctx.session, 'the session')),
    userCode: displayUserCode(established(ctx.userCode, 'the user code')),
  })
  return sendPage(reply, 200, page)
}

/** `session.lookup` on the page itself: who is logged in, or whether to show the login page. */
async function lookUpSession(ctx: ConnectContext): Promise<boolean> {
  let needsLogin = false
  await check(
    ctx,
    step('session.lookup', () => {
      const requestId = param(ctx.params, 'request_id')
      const row = requestId ? ctx.engine.oauth.device.findConnectRequest(requestId) : undefined
      const fresh =
        row !== undefined &&
        row.expires_at > ctx.now &&
        row.user_id !== null &&
        row.user_id === ctx.session?.userId
      if (fresh) ctx.connect = row
      const login = (why: string) => {
        needsLogin = true
        return `${why}: the login page is shown`
      }
      if (!fresh && param(ctx.params, 'prompt') === 'login') {
        return login(
          ctx.session ? 'prompt=login asks for a fresh login despite the session' : 'prompt=login',
        )
      }
      if (!ctx.session) return login('no session cookie')
      const user = ctx.engine.store.workspace.findUserById(ctx.session.userId)
      if (!user)
        return login(`the session's user ${ctx.session.userId} is no longer in the workspace`)
      ctx.user = user
      ctx.trace.userId = user.id
      ctx.trace.username = user.username
      return fresh ? `${user.username} logged in on this page` : `session of ${user.username}`
    }),
  )
  return needsLogin
}

/** A user who was deactivated since logging in goes back to the login page, logged out. */
async function requireActive(ctx: ConnectContext, reply: FastifyReply): Promise<boolean> {
  try {
    await check(ctx, connectUserActive)
    return true
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    if (ctx.session) endSession(ctx.engine, reply, ctx.session)
    return false
  }
}

async function readQuery(
  ctx: { log: ConnectContext['log'] },
  request: FastifyRequest,
): Promise<Params> {
  let query: Params = new Map()
  await check(
    ctx,
    step('request.params', () => {
      query = readParams(request.query)
      return `${query.size} parameter(s), none repeated`
    }),
  )
  return query
}

/** GET /setup/connect[?user_code=…][&prompt=login] */
async function showConnect(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  let query: Params
  try {
    query = await readQuery({ log: request.gatehouse.log }, request)
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  const ctx = context(engine, request, query)
  const typed = param(query, 'user_code')
  if (await lookUpSession(ctx)) return showLogin(ctx, reply, typed)
  if (!(await requireActive(ctx, reply))) {
    return showLogin(ctx, reply, typed ?? ctx.connect?.user_code ?? undefined, {
      message: LOGIN_FAILED_MESSAGE,
      username: ctx.user?.username,
    })
  }
  try {
    await check(ctx, attemptsLeft)
  } catch (err) {
    if (err instanceof OAuthError && err.status === 429) return showLocked(ctx, reply, err)
    throw err
  }
  // After the login the code comes back from the connect request.
  const code = typed ?? ctx.connect?.user_code ?? undefined
  if (code === undefined) {
    const error = param(query, 'error')
    return showEntry(ctx, reply, error ? ENTRY_ERRORS[error] : undefined)
  }
  ctx.params = new Map([...query, ['user_code', code]])
  try {
    await check(ctx, userCodeVerify)
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    if (ctx.attempts?.lockedUntil)
      return showLocked(ctx, reply, lockedError(ctx.attempts.lockedUntil, ctx.now))
    if (err.error !== 'invalid_request') return showErrorPage(engine, reply, err)
    return showEntry(ctx, reply, ENTRY_ERRORS.invalid_code)
  }
  return showConsent(ctx, reply)
}

/** POST /setup/connect: the code entry form. */
async function submitCode(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const form = await readForm(engine, request, reply)
  if (!form) return reply
  const ctx = context(engine, request, form)
  const typed = param(form, 'user_code')
  try {
    await check(formContext(ctx), formOrigin)
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  try {
    await check(ctx, sessionRequired)
  } catch (err) {
    // Not logged in (any more): the page asks for a login and keeps the code.
    if (err instanceof OAuthError) return redirect(reply, connectUrl({ user_code: typed }), 303)
    throw err
  }
  try {
    await check(ctx, sessionCsrfStep)
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  if (!(await requireActive(ctx, reply)))
    return redirect(reply, connectUrl({ user_code: typed }), 303)
  try {
    await runSteps(ctx, [attemptsLeft, userCodeVerify])
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    // Locked, or a miss: the page says which after the redirect.
    if (err.status === 429 || err.error === 'invalid_request') {
      return redirect(reply, connectUrl({ error: 'invalid_code' }), 303)
    }
    return showErrorPage(engine, reply, err)
  }
  const code = displayUserCode(established(ctx.userCode, 'the user code'))
  return redirect(reply, connectUrl({ user_code: code }), 303)
}

/** POST /setup/connect/login: the login form of the verification page. */
async function submitLogin(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const form = await readForm(engine, request, reply)
  if (!form) return reply
  const ctx = context(engine, request, form)
  const formCtx = formContext(ctx)
  try {
    await check(formCtx, formOrigin)
    await runSteps(ctx, [connectPending, connectLoginCsrf])
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  const connect = established(ctx.connect, 'the connect request')
  const userCode = connect.user_code ?? undefined
  try {
    await runSteps(formCtx, [loginCredentials, loginUserActive])
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    return showLogin(ctx, reply, userCode, {
      message: LOGIN_FAILED_MESSAGE,
      username: param(form, 'username') ?? '',
    })
  }
  const user = established(formCtx.user, 'the user')
  await check(
    ctx,
    step('session.create', () => {
      startSession(engine, reply, user.id, ctx.session)
      engine.oauth.device.markConnectLoggedIn(connect.id, user.id, ctx.now)
      return `new browser session for ${user.username} (2 hours on the virtual clock)`
    }),
  )
  return redirect(reply, connectUrl({ request_id: connect.id }), 303)
}

/** POST /setup/connect/decision: Allow or Deny. */
async function submitDecision(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const form = await readForm(engine, request, reply)
  if (!form) return reply
  const ctx = context(engine, request, form)
  try {
    await check(formContext(ctx), formOrigin)
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  try {
    await check(ctx, sessionRequired)
  } catch (err) {
    if (err instanceof OAuthError) return redirect(reply, CONNECT_PATH, 303)
    throw err
  }
  try {
    await check(ctx, sessionCsrfStep)
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  if (!(await requireActive(ctx, reply))) return redirect(reply, CONNECT_PATH, 303)
  try {
    await check(ctx, decisionCodeVerify)
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    if (err.error === 'invalid_request')
      return redirect(reply, connectUrl({ error: 'used_code' }), 303)
    return showErrorPage(engine, reply, err)
  }
  let approved = false
  try {
    approved = await decide(ctx)
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  clearWrongCodes(engine, established(ctx.session, 'the session'))
  return redirect(reply, `${CONNECT_DONE_PATH}?result=${approved ? 'approved' : 'denied'}`, 303)
}

/**
 * `device.decision` (and `user.approved`, `consent.save` on Allow): records the person's
 * answer on the code, once. An admin-approved app's users must be pre-authorized; one who
 * is not is refused here and the device hears access_denied.
 */
async function decide(ctx: ConnectContext): Promise<boolean> {
  const user = established(ctx.user, 'the user')
  const app = established(ctx.app, 'the app')
  const code = established(ctx.code, 'the device code')
  const { device } = ctx.engine.oauth
  const decision = param(ctx.params, 'decision')
  const record = (value: 'approved' | 'denied', words: string) =>
    step<ConnectContext>('device.decision', () => {
      if (!device.decide(code.user_code_hash, value, user.id, ctx.now)) {
        throw sfErrors
          .invalidRequest('invalid or expired user code')
          .because('the code was decided by another submission a moment earlier')
      }
      return words
    })
  if (decision !== 'approve' && decision !== 'deny') {
    await check(
      ctx,
      step('device.decision', () => {
        throw sfErrors
          .invalidRequest('invalid consent decision')
          .because(`decision is "${decision ?? ''}"; the form sends approve or deny`)
      }),
    )
  }
  if (decision === 'deny') {
    await check(
      ctx,
      record('denied', `${user.username} clicked Deny: the device will get access_denied`),
    )
    return false
  }
  try {
    await check(
      ctx,
      step('user.approved', () => {
        if (app.policies.permittedUsers !== 'adminApprovedPreAuthorized') {
          return skipped('all users may self-authorize: clicking Allow is the approval')
        }
        const why = describePreAuthorization(app, user)
        if (!isPreAuthorized(app, user))
          throw sfErrors.appAccessDenied().because(`${why}: not pre-authorized`)
        return `${why}: pre-authorized`
      }),
    )
  } catch (err) {
    if (err instanceof OAuthError) {
      device.decide(code.user_code_hash, 'denied', user.id, ctx.now)
      err.because(`${err.detail ?? ''}; the code is denied, so the device gets access_denied`)
    }
    throw err
  }
  await check(ctx, record('approved', `${user.username} clicked Allow for ${app.name}`))
  await check(
    ctx,
    step('consent.save', () => {
      ctx.engine.oauth.store.saveConsent(user.id, app.consumerKey, code.scopes, ctx.now)
      return `remembered that ${user.username} approved ${app.name} for ${code.scopes || 'no scopes'}`
    }),
  )
  return true
}

/** GET /setup/connect/done?result=approved|denied */
async function showDone(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  request.gatehouse.grantType = 'device'
  const result = (request.query as Record<string, unknown>).result
  const approved = result === 'approved'
  request.gatehouse.log.pass('device.done', approved ? 'the approval page' : 'the denial page')
  return sendPage(reply, 200, deviceDonePage({ orgName: engine.org().name, approved }))
}
