import type { FastifyInstance } from 'fastify'
import type { Clock } from '../policy/clock'
import type { CapturedExchange } from './captured'

declare module 'fastify' {
  interface FastifyRequest {
    /** Virtual-clock ms when the request arrived (the recorder's onRequest hook). */
    traceStartedAt: number
    /** The response payload as onSend saw it. */
    traceResponseBody: unknown
  }
}

export interface CaptureOptions {
  clock: Clock
  /** Requests under this prefix (the workbench UI and admin API) are not recorded. */
  ignorePrefix: string
  sink(exchange: CapturedExchange): void
  /** Null to go on at once, or a promise to wait for first (the recorder's backpressure). */
  admit(): Promise<void> | null
}

/**
 * The recorder's Fastify hooks. They only keep references (callback-style hooks, no
 * promises): everything costly happens later, in the recorder's batched flush. Install them
 * before any route or other hook so every exchange, refused ones included, is seen.
 */
export function installCapture(app: FastifyInstance, options: CaptureOptions): void {
  const { clock, ignorePrefix, sink, admit } = options
  app.decorateRequest('traceStartedAt', 0)
  app.decorateRequest('traceResponseBody', undefined)

  app.addHook('onRequest', (request, _reply, done) => {
    // The workbench itself (UI, admin API) never waits for the recorder.
    const wait = request.url.startsWith(ignorePrefix) ? null : admit()
    if (!wait) {
      request.traceStartedAt = clock.now()
      done()
      return
    }
    void wait.then(() => {
      request.traceStartedAt = clock.now()
      done()
    })
  })
  app.addHook('onSend', (request, _reply, payload, done) => {
    request.traceResponseBody = payload
    done(null, payload)
  })
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith(ignorePrefix)) {
      sink({
        startedAt: request.traceStartedAt,
        durationMs: reply.elapsedTime,
        method: request.method,
        url: request.url,
        requestHeaders: request.headers,
        query: request.query,
        body: request.body,
        trace: request.gatehouse ?? null,
        socketIp: request.socket?.remoteAddress,
        status: reply.statusCode,
        responseHeaders: reply.getHeaders(),
        payload: request.traceResponseBody,
      })
    }
    done()
  })
}
