import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
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
 * The recorder's Fastify hooks. They only gather references (callback-style hooks, no
 * promises) for the recorder to encode as the request ends; everything costly happens on
 * the writer. Install them before any route or other hook so every exchange, refused ones
 * included, is seen.
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
      sink(capturedExchange(request, reply))
    }
    done()
  })
}

/** What the hooks hand the recorder for one exchange (also used where no response is sent). */
export function capturedExchange(request: FastifyRequest, reply: FastifyReply): CapturedExchange {
  return {
    startedAt: request.traceStartedAt,
    durationMs: reply.elapsedTime,
    method: request.method,
    url: request.url,
    requestHeaders: request.headers,
    rawRequestHeaders: request.raw.rawHeaders,
    query: request.query,
    body: request.body,
    trace: request.gatehouse ?? null,
    socketIp: request.socket?.remoteAddress,
    status: reply.statusCode,
    // Node keeps the header block it wrote (an old, undocumented field every Node has had);
    // reading it costs nothing, where building a map of the headers costs a copy.
    responseHead: (reply.raw as { _header?: unknown })._header as string | undefined,
    responseHeaders: () => reply.getHeaders(),
    payload: request.traceResponseBody,
  }
}
