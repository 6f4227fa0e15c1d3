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
  /**
   * Lineage hint for the recorder: the pending authorization request this exchange created
   * or continued (the login and consent pages carry its id), so authorize → login → consent
   * is recorded as one flow.
   */
  authorizeRequestId?: string
  /** Set by the fault engine when a fault rule touched this request (what it did). */
  fault?: Record<string, unknown>
}

export function newExchangeTrace(): ExchangeTrace {
  return { log: new StepLog() }
}

declare module 'fastify' {
  interface FastifyRequest {
    gatehouse: ExchangeTrace
  }
}
