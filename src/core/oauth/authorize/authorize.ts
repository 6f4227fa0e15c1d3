import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { readParams, type Params } from '../params'
import { check, step } from '../steps'
import { proceed } from './flow'
import { paramsToRecord, readAuthorizeParams } from './request'
import { redirectError, refuse, showErrorPage } from './respond'
import { currentSession } from './session'
import { validateAuthorizeRequest } from './validate'

/**
 * /services/oauth2/authorize, the start of the web server flow. GET is the real thing;
 * POST is answered as Salesforce does (`invalid_request` / `must use HTTP GET`, redirected
 * once the client and redirect URI are verified).
 */
export async function handleAuthorize(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const trace = request.gatehouse
  trace.grantType = 'authorization_code'
  const method = request.method === 'HEAD' ? 'GET' : request.method
  let params: Params = new Map()
  try {
    await check(
      { log: trace.log },
      step('request.params', () => {
        params =
          method === 'GET' ? readParams(request.query) : readParams(request.query, request.body)
        return `${params.size} parameter(s), none repeated`
      }),
    )
  } catch (err) {
    // A repeated parameter makes even client_id and redirect_uri ambiguous: nothing is redirected.
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }

  const outcome = await validateAuthorizeRequest({
    engine,
    trace,
    method,
    params: readAuthorizeParams(params),
    raw: paramsToRecord(params),
  })
  const redirectStatus = method === 'GET' ? 302 : 303
  if (outcome.kind === 'refused') return refuse(reply, outcome.error)
  if (outcome.kind === 'redirect-error') {
    return redirectError(engine, reply, outcome, outcome.error, redirectStatus)
  }
  return proceed({
    engine,
    reply,
    trace,
    request: outcome.request,
    session: currentSession(engine, request),
    redirectStatus,
  })
}
