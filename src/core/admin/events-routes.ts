import type { Gatehouse } from '../gatehouse'
import type { EventStreams } from './event-stream'
import { route, type AdminRoute } from './route'

export function eventRoutes(engine: Gatehouse, streams: EventStreams): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/events',
      operationId: 'streamEvents',
      tag: 'Trace',
      summary: 'Server-sent events: new exchanges and flow updates, live',
      description:
        'Events `exchange` (data: ExchangeSummary, id: the exchange id), `flow` (data: ' +
        'FlowSummary), `cleared`, `run` (data: RunSummary) and `run-deleted` (data: {id}), sent once the recorder has committed them; ' +
        '`paused` (data: PausedExchange) and `released` (data: {id, breakpoint, at, how, changed}) as breakpoints hold and let go of exchanges; a comment ' +
        'line every 15 s keeps the stream alive. Reconnecting with Last-Event-ID replays the ' +
        'exchanges missed (up to 500). Send the admin token in the Authorization header ' +
        '(fetch with a streamed body, not EventSource).',
      response: {
        status: 200,
        description: 'An endless text/event-stream.',
        contentType: 'text/event-stream',
      },
      handler: ({ request, reply }) => {
        streams.start(request, reply, engine.recorder, [
          (listener) => engine.runner.subscribe(listener),
          (listener) => engine.policy.paused.subscribe(listener),
        ])
      },
    }),
  ]
}
