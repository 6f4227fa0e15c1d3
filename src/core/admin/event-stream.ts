import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AdminEvent } from '../../shared/admin-api'
import type { Recorder } from '../trace'
import { exchangeSummary } from '../trace/views'

/** A comment line every so often keeps proxies and idle timers from closing the stream. */
export const KEEP_ALIVE_MS = 15_000
// Missed exchanges replayed to a client that reconnects with Last-Event-ID.
const REPLAY_LIMIT = 500

function frame(event: AdminEvent): string {
  const id = event.type === 'exchange' ? `id: ${event.exchange.id}\n` : ''
  const data =
    event.type === 'exchange'
      ? event.exchange
      : event.type === 'flow'
        ? event.flow
        : event.type === 'run'
          ? event.run
          : event.type === 'run-deleted'
            ? { id: event.id }
            : event.type === 'paused'
              ? event.paused
              : event.type === 'released'
                ? event.released
                : {}
  return `event: ${event.type}\n${id}data: ${JSON.stringify(data)}\n\n`
}

/**
 * The server-sent events streams that are open. Each relays the recorder's events as they
 * are committed; all are ended when the server closes, so shutdown does not wait on them.
 */
export class EventStreams {
  private readonly open = new Set<() => void>()

  /** Takes the reply over and streams events until the client goes away. */
  start(
    request: FastifyRequest,
    reply: FastifyReply,
    recorder: Recorder | null,
    /** Other engine events to relay (the runner's), subscribed for the stream's life. */
    others: Array<(listener: (event: AdminEvent) => void) => () => void> = [],
  ): void {
    reply.hijack()
    const raw = reply.raw
    // Headers the admin hooks set (CORS for the desktop renderer) still apply.
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    // A stream is meant to stay open: no idle timeout on its socket.
    request.raw.socket?.setTimeout(0)
    // A stream whose client went away is only unsubscribed on its 'close': never write to it.
    const send = (text: string) => {
      if (!raw.writableEnded && !raw.destroyed) raw.write(text)
    }
    send('retry: 2000\n: connected\n\n')

    const lastId = Number(request.headers['last-event-id'])
    const replay = recorder !== null && Number.isInteger(lastId) && lastId > 0
    // Events that arrive while the missed ones are read wait, so the order stays by id.
    let held: AdminEvent[] | null = replay ? [] : null
    const unsubscribe =
      recorder?.events.subscribe((event) => {
        if (held) held.push(event)
        else send(frame(event))
      }) ?? (() => {})
    if (replay) {
      void (async () => {
        await recorder.flush()
        const missed = recorder.store
          .listExchanges({ limit: REPLAY_LIMIT })
          .filter((row) => row.id > lastId)
          .reverse()
        for (const row of missed) send(frame({ type: 'exchange', exchange: exchangeSummary(row) }))
        const newest = missed.at(-1)?.id ?? lastId
        const waiting = held ?? []
        held = null
        for (const event of waiting) {
          if (event.type !== 'exchange' || event.exchange.id > newest) send(frame(event))
        }
      })()
    }

    const unsubscribeOthers = others.map((subscribe) => subscribe((event) => send(frame(event))))
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS)
    keepAlive.unref()
    const stop = () => {
      clearInterval(keepAlive)
      unsubscribe()
      for (const off of unsubscribeOthers) off()
      this.open.delete(end)
    }
    const end = () => {
      stop()
      raw.end()
    }
    this.open.add(end)
    request.raw.on('close', stop)
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const end of [...this.open]) end()
  }
}
