import type { IncomingHttpHeaders } from 'node:http'
import type { ExchangeTrace } from '../oauth/exchange-trace'

/**
 * One exchange as the hooks saw it, kept by reference until the next flush: nothing is
 * serialized, decoded or hashed on the request path.
 */
export interface CapturedExchange {
  /** Virtual-clock ms when the request arrived. */
  startedAt: number
  /** Real time to answer, from Fastify. */
  durationMs: number
  method: string
  /** Path and query as sent. */
  url: string
  requestHeaders: IncomingHttpHeaders
  /** Parsed query and body, as the route saw them. */
  query: unknown
  body: unknown
  trace: ExchangeTrace | null
  socketIp: string | undefined
  status: number
  responseHeaders: Record<string, string | number | string[] | undefined>
  /** The payload onSend saw: a string, a Buffer, a stream, or nothing. */
  payload: unknown
}
