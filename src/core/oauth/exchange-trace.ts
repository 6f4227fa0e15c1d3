import { StepLog } from './steps'

/**
 * What the server learned while answering one request: the named steps it ran and who the
 * request was about. Every request carries one (request.gatehouse); the recorder stores it.
 */
export interface ExchangeTrace {
  log: StepLog
  appKey?: string
  appName?: string
  userId?: string
  username?: string
  grantType?: string
  /** Lineage: the grant (token family) this exchange belongs to. */
  grantId?: string
  /** The IP the request was judged by. */
  clientIp?: string
}

export function newExchangeTrace(): ExchangeTrace {
  return { log: new StepLog() }
}

declare module 'fastify' {
  interface FastifyRequest {
    gatehouse: ExchangeTrace
  }
}
