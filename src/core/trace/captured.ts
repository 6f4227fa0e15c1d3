import type { IncomingHttpHeaders } from 'node:http'
import type { ExchangeTrace } from '../oauth/exchange-trace'

/**
 * One exchange as the hooks saw it, encoded as the request ends (batch-codec.ts): nothing
 * is decoded, parsed into maps or hashed on the request path.
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
  /** Node's raw request header list (name, value, name, value …), when there is one. */
  rawRequestHeaders?: readonly string[]
  /** Parsed query and body, as the route saw them. */
  query: unknown
  body: unknown
  trace: ExchangeTrace | null
  socketIp: string | undefined
  status: number
  /** The response's header block as written to the socket, when Node holds it. */
  responseHead?: string
  /** The response headers as the reply holds them (read only without a header block). */
  responseHeaders(): Record<string, string | number | string[] | undefined>
  /** The payload onSend saw: a string, a Buffer, a stream, or nothing. */
  payload: unknown
}
