import { setTimeout as delay } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError, RestApiError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { WorkspaceIssue } from '../../workspace/errors'
import type { BreakpointStage, FaultPreset } from '../../workspace/types'
import { policyState, type FaultRef } from '../request-state'
import { customAnswer, endTokens, recordFailedStep } from '../faults/apply'
import { AUTHORIZE_PAGES, type RequestFacts } from '../faults/facts'
import { answerEverywhere, presetApplies, PRESETS, type FaultAnswer } from '../faults/presets'
import { errorFor, sendFaultAnswer } from '../faults/respond'
import type { FailWith } from './decision'
import { renderFaultAnswer, replaceAnswer } from './rendered-answer'

/**
 * "Fail with …" on a paused exchange: a fault preset or a Salesforce error, answered in the
 * endpoint's own shape exactly as a fault rule would.
 *
 * At `request` nothing is decided yet, so a preset works as its fault rule does: it answers
 * at once, or arranges for the real check to fail (the token expired or revoked, policy.ip
 * or policy.login_rate told to refuse) and the endpoint answers. At `response` the decision
 * is made, so a preset replaces the answer with the one that failure produces (and still
 * expires or revokes the tokens involved, so what the client sees holds afterwards); a
 * preset whose failure only a page re-render or a live check can show (the login page's IP
 * message, introspection's `active: false`) is refused there: use it at `request`.
 */

const sessionInvalid = () =>
  new RestApiError(401, [
    { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
  ])

interface ResponseFailure {
  answer?: FaultAnswer
  apiUsage?: boolean
  effect?: 'expire' | 'revoke'
  latencyMs?: number
}

function responseFailure(preset: FaultPreset, facts: RequestFacts): ResponseFailure | undefined {
  const definition = PRESETS[preset]
  if (!definition.appliesTo.includes(facts.endpoint)) return undefined
  const plan = definition.plan(facts)
  switch (plan.kind) {
    case 'respond':
      return { answer: plan.answer, ...(plan.apiUsage ? { apiUsage: true } : {}) }
    case 'latency':
      return { latencyMs: definition.latencyMs ?? 0 }
    case 'expire':
    case 'revoke':
      if (facts.endpoint === 'introspect' || facts.endpoint === 'revoke') return undefined
      return {
        effect: plan.kind,
        answer: answerEverywhere(sfErrors.expiredToken(), sessionInvalid()),
      }
    case 'force':
      if (AUTHORIZE_PAGES.has(facts.endpoint)) return undefined
      return {
        answer: answerEverywhere(
          plan.check === 'ipRestricted' ? sfErrors.ipRestricted() : sfErrors.loginRateExceeded(60),
          sessionInvalid(),
        ),
      }
  }
}

/** Why a fail decision cannot be taken on this exchange (empty: it can). */
export function failIssues(
  at: BreakpointStage,
  facts: RequestFacts,
  how: FailWith,
): WorkspaceIssue[] {
  if (!('preset' in how)) return []
  const applies =
    at === 'request' ? presetApplies(how.preset, facts) : responseFailure(how.preset, facts)
  if (applies) return []
  const where = PRESETS[how.preset].appliesTo.join(', ')
  return [
    {
      path: 'preset',
      message:
        at === 'request'
          ? `preset ${how.preset} does not apply to this ${facts.endpoint} request (it applies to: ${where}, when the request presents what it acts on)`
          : `preset ${how.preset} cannot replace an answer of the ${facts.endpoint} endpoint at response (it applies to: ${where}); pause at request to use it`,
    },
  ]
}

const failNote = (how: FailWith) =>
  'preset' in how
    ? `failed with preset ${how.preset}`
    : `failed with ${how.status} ${how.error}${how.error_description ? ` / ${how.error_description}` : ''}`

const customOf = (how: Exclude<FailWith, { preset: FaultPreset }>) =>
  customAnswer({
    status: how.status,
    error: how.error,
    ...(how.error_description === undefined ? {} : { error_description: how.error_description }),
  })

/**
 * Fails an exchange paused at `request`. Answers true when it answered the request itself;
 * false when the endpoint goes on with a real check set to fail.
 */
export async function failAtRequest(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  facts: RequestFacts,
  how: FailWith,
  step: { name: string; note: string; ref: FaultRef },
): Promise<boolean> {
  const trace = request.gatehouse
  const detail = `${step.note}; ${failNote(how)}`
  if (!('preset' in how)) {
    const answer = customOf(how)
    const error = errorFor(answer, facts)
    recordFailedStep(trace, step.name, `${detail}; answers ${error.status}`, error)
    sendFaultAnswer(engine, request, reply, facts, answer)
    return true
  }
  const definition = PRESETS[how.preset]
  if (definition.latencyMs) await delay(definition.latencyMs)
  const plan = definition.plan(facts)
  switch (plan.kind) {
    case 'respond': {
      const error = errorFor(plan.answer, facts)
      recordFailedStep(trace, step.name, `${detail}; answers ${error.status}`, error)
      sendFaultAnswer(engine, request, reply, facts, plan.answer, {
        apiUsageExhausted: plan.apiUsage === true,
      })
      return true
    }
    case 'expire':
    case 'revoke':
      trace.log.pass(step.name, `${detail}; ${endTokens(engine, facts, plan.kind)}`)
      return false
    case 'force': {
      policyState(trace).forced[plan.check] = step.ref
      const checked = plan.check === 'ipRestricted' ? 'policy.ip' : 'policy.login_rate'
      trace.log.pass(step.name, `${detail}; the ${checked} step will refuse this request`)
      return false
    }
    case 'latency':
      trace.log.pass(
        step.name,
        `${detail}; waited ${definition.latencyMs ?? 0} ms, then the endpoint answers as usual`,
      )
      return false
  }
}

/** Fails an exchange paused at `response`: answers the payload that replaces the decided one. */
export async function failAtResponse(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  facts: RequestFacts,
  payload: unknown,
  how: FailWith,
  step: { name: string; note: string },
): Promise<unknown> {
  const trace = request.gatehouse
  const notes = [step.note, failNote(how)]
  let answer: FaultAnswer | undefined
  let apiUsage = false
  if ('preset' in how) {
    const failure = responseFailure(how.preset, facts)
    if (failure?.latencyMs) {
      await delay(failure.latencyMs)
      notes.push(`waited ${failure.latencyMs} ms`)
    }
    if (failure?.effect) {
      notes.push(endTokens(engine, facts, failure.effect))
      const grantId = trace.grantId
      if (failure.effect === 'revoke' && grantId && facts.tokens().length === 0) {
        engine.oauth.store.revokeGrant(grantId, engine.clock.now(), 'revoked at a breakpoint')
        notes.push(`revoked grant ${grantId}, which this exchange belongs to`)
      }
    }
    answer = failure?.answer
    apiUsage = failure?.apiUsage === true
  } else {
    answer = customOf(how)
  }
  if (!answer) {
    trace.log.pass(step.name, `${notes.join('; ')}; the decided answer is sent`)
    return payload
  }
  const error: OAuthError | RestApiError = errorFor(answer, facts)
  const rendered = renderFaultAnswer(engine, request, facts, answer, {
    apiUsageExhausted: apiUsage,
  })
  recordFailedStep(
    trace,
    step.name,
    `${notes.join('; ')}; answers ${rendered.status} in place of the decided ${reply.statusCode}`,
    error,
  )
  return replaceAnswer(reply, rendered)
}
