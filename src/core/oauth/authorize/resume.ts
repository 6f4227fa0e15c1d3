import type { FastifyReply } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { ExchangeTrace } from '../exchange-trace'
import type { PendingRequest } from './pending'
import { readAuthorizeParams, type ValidAuthorizeRequest } from './request'
import { redirectError, refuse, type RedirectStatus } from './respond'
import { validateAuthorizeRequest } from './validate'

/**
 * Re-validates a pending request's stored parameters before acting on it: the workspace may
 * have changed since the request was made (app blocked, callback removed, scope dropped).
 * When it no longer passes, the request is finished and the answer sent (plain page or
 * error redirect); the result is then undefined. The stored request was a GET, so the
 * method check sees GET.
 */
export async function revalidate(
  engine: Gatehouse,
  reply: FastifyReply,
  trace: ExchangeTrace,
  pending: PendingRequest,
  redirectStatus: RedirectStatus,
): Promise<ValidAuthorizeRequest | undefined> {
  const outcome = await validateAuthorizeRequest({
    engine,
    trace,
    method: 'GET',
    params: readAuthorizeParams(new Map(Object.entries(pending.raw))),
    raw: pending.raw,
  })
  if (outcome.kind === 'valid') return outcome.request
  engine.oauth.store.finishAuthorizeRequest(pending.id)
  if (outcome.kind === 'refused') refuse(reply, outcome.error)
  else redirectError(engine, reply, outcome, outcome.error, redirectStatus)
  return undefined
}
