import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { noStoreHeaders } from '../../http/security-headers'
import { errorResponseUrl } from '../../oauth/authorize/redirect'
import { redirect, showErrorPage } from '../../oauth/authorize/respond'
import type { OAuthError, RestApiError } from '../../salesforce/errors'
import { apiLimitsFor, dailyApiAllocation } from '../api-limits'
import { AUTHORIZE_PAGES, type RequestFacts } from './facts'
import type { FaultAnswer } from './presets'

/**
 * Sends a fault rule's answer the way the endpoint it hit answers errors, so a client cannot
 * tell it from the real failure: the REST API's one-element JSON array (with
 * Sforce-Limit-Info), the identity service's plain-text code, an error redirect back to the
 * app from the authorization pages (or the error page when nothing may be redirected, and
 * for 5xx: the org itself is down), and `{"error","error_description"}` everywhere else.
 */

export type SentAs = 'rest' | 'identity' | 'redirect' | 'page' | 'json'

/** The error the answer uses on this endpoint, for the step log. */
export function errorFor(answer: FaultAnswer, facts: RequestFacts): OAuthError | RestApiError {
  if (facts.endpoint === 'rest') return answer.rest
  if (facts.endpoint === 'userinfo' || facts.endpoint === 'identity') return answer.identity
  return answer.oauth
}

/** `api-usage=used/max`: the daily allocation as the REST API reports it. */
function apiUsageHeader(engine: Gatehouse, exhausted: boolean): string {
  const org = engine.org()
  const active = engine.store.workspace.listUsers().filter((user) => user.active).length
  const max = dailyApiAllocation(org, active).max
  const used = exhausted ? max : apiLimitsFor(engine).usage().total
  return `api-usage=${used}/${max}`
}

export function sendFaultAnswer(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  facts: RequestFacts,
  answer: FaultAnswer,
  options: { apiUsageExhausted?: boolean } = {},
): SentAs {
  if (facts.endpoint === 'rest') {
    const error = answer.rest
    reply
      .code(error.status)
      .header('sforce-limit-info', apiUsageHeader(engine, options.apiUsageExhausted === true))
      .type('application/json;charset=UTF-8')
      .send(JSON.stringify(error.items))
    return 'rest'
  }
  if (facts.endpoint === 'userinfo' || facts.endpoint === 'identity') {
    const error = answer.identity
    reply
      .code(error.status)
      .headers({ ...noStoreHeaders, ...error.headers })
      .type('text/plain; charset=utf-8')
      .send(error.error)
    return 'identity'
  }
  const error = answer.oauth
  if (AUTHORIZE_PAGES.has(facts.endpoint)) {
    const target = facts.redirectTarget()
    if (target && error.status < 500) {
      const status = request.method === 'POST' ? 303 : 302
      const url = errorResponseUrl(
        target.redirectUri,
        error,
        target.state,
        engine.baseUrl,
        target.mode,
      )
      redirect(reply, url, status)
      return 'redirect'
    }
    reply.headers(error.headers)
    showErrorPage(engine, reply, error)
    return 'page'
  }
  reply
    .code(error.status)
    .headers({ ...noStoreHeaders, ...error.headers })
    .type('application/json;charset=UTF-8')
    .send(JSON.stringify(error.toJSON()))
  return 'json'
}
