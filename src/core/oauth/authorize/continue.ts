import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { param, readParams } from '../params'
import { check, step } from '../steps'
import { established } from './context'
import { proceed } from './flow'
import { openPendingRequest, type PendingRequest } from './pending'
import { revalidate } from './resume'
import { showErrorPage } from './respond'
import { currentSession } from './session'

/**
 * GET /services/oauth2/authorize/continue?request_id=…: where the login form's 303 lands.
 * It resumes the stored request as if the app had sent it again, except that the login just
 * made satisfies prompt=login.
 */
export async function handleContinue(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const trace = request.gatehouse
  trace.grantType = 'authorization_code'
  const ctx: { log: typeof trace.log; pending?: PendingRequest } = { log: trace.log }
  try {
    await check(
      ctx,
      step('request.pending', (c: typeof ctx) => {
        c.pending = openPendingRequest(engine, param(readParams(request.query), 'request_id'))
        return `pending authorization request ${c.pending.id} is open`
      }),
    )
  } catch (err) {
    if (err instanceof OAuthError) return showErrorPage(engine, reply, err)
    throw err
  }
  const pending = established(ctx.pending, 'the pending request')

  const valid = await revalidate(engine, reply, trace, pending, 302)
  if (!valid) return reply
  return proceed({
    engine,
    reply,
    trace,
    request: valid,
    session: currentSession(engine, request),
    resumed: pending,
    redirectStatus: 302,
  })
}
