import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { UI_PREFIX } from '../../shared/admin-api'
import { applyFault } from './faults/apply'
import { corruptTokenResponse } from './faults/corrupt'
import { RequestFacts } from './faults/facts'
import { selectFault } from './faults/match'
import { requestClientIp } from './login-steps'
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
 * - a rule that breaks signatures does so in onSend, on the way out.
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

function isWorkbench(request: FastifyRequest): boolean {
  return request.url.startsWith(WORKBENCH)
}

async function runFaults(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  facts: RequestFacts,
): Promise<FastifyReply | undefined> {
  const fired = selectFault(engine.policy.faults, facts)
  if (!fired) return undefined
  const answered = await applyFault(engine, request, reply, facts, fired)
  return answered ? reply : undefined
}

export function installPolicyHooks(app: FastifyInstance, engine: Gatehouse): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isWorkbench(request) || !request.gatehouse) return
    const state = policyState(request.gatehouse)
    state.socketIp = request.socket?.remoteAddress
    const forwarded = request.headers['x-forwarded-for']
    state.forwardedFor = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded
    requestClientIp(engine, request.gatehouse, undefined, undefined)
    if (engine.policy.faults.enabled().length === 0) return
    const facts = new RequestFacts(engine, request)
    if (request.method === 'POST' && FORM_ENDPOINTS.has(facts.endpoint)) return
    return runFaults(engine, request, reply, facts)
  })

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || isWorkbench(request) || !request.gatehouse) return
    if (engine.policy.faults.enabled().length === 0) return
    const facts = new RequestFacts(engine, request)
    if (!FORM_ENDPOINTS.has(facts.endpoint)) return
    return runFaults(engine, request, reply, facts)
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
}
