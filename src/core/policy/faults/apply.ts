import { setTimeout as delay } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { ExchangeTrace } from '../../oauth/exchange-trace'
import { capturedExchange } from '../../trace/capture'
import { OAuthError, RestApiError } from '../../salesforce/errors'
import type { FaultThen } from '../../workspace/types'
import { faultLabel, policyState, type FaultRef } from '../request-state'
import type { RequestFacts } from './facts'
import type { FiredRule } from './match'
import { answerEverywhere, PRESETS, type FaultPlan } from './presets'
import { errorFor, sendFaultAnswer } from './respond'

/**
 * Carries out the rule that fired for a request. Every rule that fires leaves a `fault.<id>`
 * step saying what it did, and sets request.gatehouse.fault, so the trace of any request a
 * rule touched says so. Returns true when the fault answered (or dropped) the request
 * itself; false when the endpoint goes on, with the fault's effects in place (an expired
 * token, a forced check, a simulated address, signatures to break on the way out).
 */

type Plan = FaultPlan | { kind: 'drop' } | { kind: 'corrupt' }

/** No HTTP status exists for "no answer"; the trace uses nginx's 444 (closed, no response). */
export const DROPPED_STATUS = 444

/**
 * Closes the socket without an answer. No response means the recorder's response hook never
 * runs, so the exchange is handed to the recorder here, with its trace.
 */
export function dropConnection(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.hijack()
  request.raw.socket?.destroy()
  engine.recorder?.enqueue({
    ...capturedExchange(request, reply),
    status: DROPPED_STATUS,
    responseHead: undefined,
    responseHeaders: () => ({}),
    payload: undefined,
  })
}

/** `respond` as an answer in every shape (REST: errorCode and message; identity: the code). */
export function customAnswer(respond: NonNullable<FaultThen['respond']>) {
  const description = respond.error_description ?? respond.error
  const headers: Record<string, string> =
    respond.retryAfterSeconds === undefined
      ? {}
      : { 'retry-after': String(respond.retryAfterSeconds) }
  return answerEverywhere(
    new OAuthError(respond.error, description, respond.status, headers),
    new RestApiError(respond.status, [{ message: description, errorCode: respond.error }]),
    new OAuthError(respond.error, respond.error, respond.status, headers),
  )
}

function planOf(then: FaultThen, facts: RequestFacts): Plan {
  if (then.preset) return PRESETS[then.preset].plan(facts)
  if (then.respond) return { kind: 'respond', answer: customAnswer(then.respond) }
  if (then.dropConnection) return { kind: 'drop' }
  if (then.corruptSignature) return { kind: 'corrupt' }
  if (then.expireTokens) return { kind: 'expire' }
  if (then.revokeTokens) return { kind: 'revoke' }
  return { kind: 'latency' }
}

function actionName(then: FaultThen): string {
  if (then.preset) return `preset:${then.preset}`
  const main = ['respond', 'dropConnection', 'corruptSignature', 'expireTokens', 'revokeTokens']
  const found = main.find((name) => then[name as keyof FaultThen] !== undefined)
  if (found) return found
  return then.latencyMs !== undefined ? 'latencyMs' : 'clientIp'
}

/** Records a failed step with its error, whichever family the error belongs to. */
export function recordFailedStep(
  trace: ExchangeTrace,
  name: string,
  detail: string,
  error: OAuthError | RestApiError,
): void {
  if (error instanceof OAuthError) {
    trace.log.fail(name, error.because(detail))
    return
  }
  const first = error.items[0]
  trace.log.steps.push({
    name,
    outcome: 'failed',
    detail,
    error: first && {
      error: first.errorCode,
      error_description: first.message,
      status: error.status,
    },
  })
}

/** Expires (or revokes the grants of) the code and tokens the request presents. */
export function endTokens(
  engine: Gatehouse,
  facts: RequestFacts,
  how: 'expire' | 'revoke',
): string {
  const now = engine.clock.now()
  const { store } = engine.oauth
  const done: string[] = []
  for (const token of facts.tokens()) {
    if (how === 'revoke' && token.grantId) {
      store.revokeGrant(token.grantId, now, 'revoked by a fault rule')
      done.push(
        `revoked grant ${token.grantId} (the ${token.kind.replace('_', ' ')} and every token issued from it)`,
      )
    } else if (token.kind === 'code') {
      engine.policy.store.expireCode(token.hash, now)
      done.push('expired the authorization code')
    } else if (token.kind === 'access_token') {
      engine.policy.store.expireAccessToken(token.hash, now)
      done.push(`expired the access token of grant ${token.grantId}`)
    } else {
      // Refresh tokens have no expiry of their own (their policy decides): end this one.
      store.revokeRefreshToken(token.hash, now)
      done.push(`ended the refresh token of grant ${token.grantId}`)
    }
  }
  const verb = how === 'expire' ? 'expire' : 'revoke'
  return done.length
    ? `${done.join('; ')}; the real checks decide the answer`
    : `the request presents no code or token: nothing to ${verb}`
}

export async function applyFault(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  facts: RequestFacts,
  fired: FiredRule,
): Promise<boolean> {
  const { active } = fired
  const { rule } = active
  const then = rule.then
  const trace = request.gatehouse
  const state = policyState(trace)
  const ref: FaultRef = { id: active.id, ...(rule.name === undefined ? {} : { name: rule.name }) }
  const stepName = `fault.${active.id}`
  trace.fault = {
    id: active.id,
    ...(rule.name === undefined ? {} : { name: rule.name }),
    action: actionName(then),
    fired: fired.firedCount,
    ...(fired.remaining === null ? {} : { remaining: fired.remaining }),
  }

  const count =
    fired.remaining === null
      ? `${fired.firedCount} so far`
      : `match ${fired.firedCount} of ${fired.firedCount + fired.remaining}`
  const notes = [`fault rule ${faultLabel(ref)} fired (${count})`]
  const latency = then.latencyMs ?? (then.preset ? PRESETS[then.preset].latencyMs : undefined)
  if (latency) {
    await delay(latency)
    notes.push(`waited ${latency} ms`)
  }
  if (then.clientIp) {
    state.faultIp = { ip: then.clientIp, rule: ref }
    notes.push(`the request is judged as coming from ${then.clientIp}`)
  }
  if (then.preset) notes.push(`preset ${then.preset}`)

  const plan = planOf(then, facts)
  switch (plan.kind) {
    case 'respond': {
      const error = errorFor(plan.answer, facts)
      recordFailedStep(
        trace,
        stepName,
        `${notes.join('; ')}; answers ${error.status} in place of the endpoint`,
        error,
      )
      sendFaultAnswer(engine, request, reply, facts, plan.answer, {
        apiUsageExhausted: plan.apiUsage === true,
      })
      return true
    }
    case 'drop':
      trace.log.pass(
        stepName,
        `${notes.join('; ')}; closes the connection without an answer (recorded as status ${DROPPED_STATUS})`,
      )
      dropConnection(engine, request, reply)
      return true
    case 'corrupt':
      // The step is recorded on the way out, once it is known what was broken.
      state.corruptSignature = { rule: ref, note: notes.join('; ') }
      return false
    case 'expire':
    case 'revoke':
      trace.log.pass(stepName, `${notes.join('; ')}; ${endTokens(engine, facts, plan.kind)}`)
      return false
    case 'force': {
      state.forced[plan.check] = ref
      const stepOf = plan.check === 'ipRestricted' ? 'policy.ip' : 'policy.login_rate'
      trace.log.pass(stepName, `${notes.join('; ')}; the ${stepOf} step will refuse this request`)
      return false
    }
    case 'latency':
      trace.log.pass(stepName, `${notes.join('; ')}; then the endpoint answers as usual`)
      return false
  }
}
