import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { UI_PREFIX } from '../../shared/admin-api'
import { breakAtRequest, breakAtResponse } from './breakpoints/pause'
import { applyFault } from './faults/apply'
import { corruptTokenResponse } from './faults/corrupt'
import { RequestFacts } from './faults/facts'
import { selectFault } from './faults/match'
import { requestClientIp } from './login-steps'
import { classifyEndpoint } from '../trace/endpoint'
import { policyState } from './request-state'

/**
 * The policy engine's request hooks, installed on the whole server right after each request
 * gets its trace:
 * - every request notes its socket address and X-Forwarded-For, and records the client IP
 *   it is judged by before its app and user are known (the steps refine it later);
 * - fault rules are matched as early as the request's facts are known: at onRequest for
 *   requests described by their URL and headers (REST, identity, pages, GETs), at
 *   preHandler for those described by a form body (token, revoke, introspect, login and
 *   consent forms) — in both cases before any of the endpoint's own checks run;
 * - a rule that breaks signatures does so in onSend, on the way out;
 * - breakpoints at `request` pause an exchange just before the fault rules are matched (so
 *   the rules and the endpoint see the changed request), breakpoints at `response` in the
 *   last onSend, once the answer is final; shutdown (preClose) releases every paused one.
 * The workbench itself (the UI and the admin API) is never touched.
 */

const WORKBENCH = UI_PREFIX.replace(/\/$/, '')

const FORM_ENDPOINTS = new Set([
  'token',
  'revoke',
  'introspect',
  'login',
  'consent',
  'authorize',
  'userinfo',
  'device',
])

/** The endpoint a request goes to, as the fault rules name it. */
function endpointOf(request: FastifyRequest): string {
  const endpoint = classifyEndpoint(request.url)
  return endpoint === 'asset' ? 'other' : endpoint
}

function isWorkbench(request: FastifyRequest): boolean {
  return request.url.startsWith(WORKBENCH)
}

async function runFaults(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  facts: RequestFacts,
): Promise<void> {
  const fired = selectFault(engine.policy.faults, facts)
  if (fired) await applyFault(engine, request, reply, facts, fired)
}

/**
 * A request breakpoint, then the fault rules. Once either has answered, the request goes no
 * further: Fastify runs no later hook for a reply already sent.
 */
async function intercept(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  breakpoints: boolean,
  faults: boolean,
): Promise<void> {
  if (breakpoints && (await breakAtRequest(engine, request, reply))) return
  if (faults) await runFaults(engine, request, reply, new RequestFacts(engine, request))
}

export function installPolicyHooks(app: FastifyInstance, engine: Gatehouse): void {
  // Both hooks take `done` and call it at once when no fault rule or breakpoint is on (every
  // request but a debugging session's): an async hook costs each request a promise and a
  // turn of the microtask queue even when it has nothing to wait for.
  app.addHook('onRequest', (request, reply, done) => {
    if (isWorkbench(request) || !request.gatehouse) return done()
    const state = policyState(request.gatehouse)
    state.socketIp = request.socket?.remoteAddress
    const forwarded = request.headers['x-forwarded-for']
    state.forwardedFor = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded
    requestClientIp(engine, request.gatehouse, undefined, undefined)
    const faults = engine.policy.faults.anyEnabled()
    const breakpoints = engine.policy.breakpoints.anyEnabled('request')
    if (!faults && !breakpoints) return done()
    if (request.method === 'POST' && FORM_ENDPOINTS.has(endpointOf(request))) return done()
    intercept(engine, request, reply, breakpoints, faults).then(() => done(), done)
  })

  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || isWorkbench(request) || !request.gatehouse) return done()
    const faults = engine.policy.faults.anyEnabled()
    const breakpoints = engine.policy.breakpoints.anyEnabled('request')
    if (!faults && !breakpoints) return done()
    if (!FORM_ENDPOINTS.has(endpointOf(request))) return done()
    intercept(engine, request, reply, breakpoints, faults).then(() => done(), done)
  })

  app.addHook('onSend', (request, _reply, payload, done) => {
    const corrupt = request.gatehouse && policyState(request.gatehouse).corruptSignature
    if (!corrupt) return done(null, payload)
    const text =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : undefined
    const corrupted = text === undefined ? undefined : corruptTokenResponse(text)
    request.gatehouse.log.pass(
      `fault.${corrupt.rule.id}`,
      corrupted?.fields.length
        ? `${corrupt.note}; broke the signature of ${corrupted.fields.join(', ')} in the response`
        : `${corrupt.note}; the response carries no signature to break`,
    )
    done(null, corrupted?.fields.length ? corrupted.body : payload)
  })

  // Last of the server-wide onSend hooks: the answer a breakpoint shows is the final one.
  app.addHook('onSend', (request, reply, payload, done) => {
    const idle =
      isWorkbench(request) ||
      !request.gatehouse ||
      !engine.policy.breakpoints.anyEnabled('response')
    if (idle) return done(null, payload)
    breakAtResponse(engine, request, reply, payload).then(
      (answer) => done(null, answer),
      (error: Error) => done(error),
    )
  })

  // Shutdown lets every paused exchange go on unchanged before waiting for in-flight requests.
  app.addHook('preClose', (done) => {
    engine.policy.paused.releaseAll()
    done()
  })
}
