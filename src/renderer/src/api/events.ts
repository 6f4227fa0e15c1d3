import { useEffect, useRef, useState } from 'react'
import type { AdminEvent } from '../../../shared/admin-api'
import { useAdminClient } from './context'

export type EventStreamState = 'connecting' | 'open' | 'reconnecting'

const RETRY_MS = 2000

/**
 * Parses a text/event-stream body incrementally. Feed it chunks of text; it calls `onFrame`
 * with each complete event (its `event:`, `id:` and joined `data:` lines).
 */
export function createSseParser(
  onFrame: (frame: { event: string; id: string | null; data: string }) => void,
): (chunk: string) => void {
  let buffer = ''
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n')
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      end = buffer.indexOf('\n\n')
      let event = 'message'
      let id: string | null = null
      const data: string[] = []
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon === -1 ? line : line.slice(0, colon)
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (field === 'event') event = value
        else if (field === 'id') id = value
        else if (field === 'data') data.push(value)
      }
      if (data.length > 0) onFrame({ event, id, data: data.join('\n') })
    }
  }
}

function toEvent(event: string, data: string): AdminEvent | null {
  try {
    const parsed = JSON.parse(data) as unknown
    if (event === 'exchange') return { type: 'exchange', exchange: parsed as never }
    if (event === 'flow') return { type: 'flow', flow: parsed as never }
    if (event === 'cleared') return { type: 'cleared' }
    if (event === 'run') return { type: 'run', run: parsed as never }
    if (event === 'run-deleted') return { type: 'run-deleted', id: (parsed as { id: number }).id }
    if (event === 'paused') return { type: 'paused', paused: parsed as never }
    if (event === 'released') return { type: 'released', released: parsed as never }
  } catch {
    // a malformed frame is skipped; the next one may be fine
  }
  return null
}

/**
 * Listens to GET /_gatehouse/api/events (server-sent events) with fetch and a stream reader,
 * since the admin token travels in a header (EventSource cannot send one). Reconnects after
 * a drop, asking for the exchanges missed with Last-Event-ID. `onEvent` may change between
 * renders without reconnecting.
 */
export function useAdminEvents(
  onEvent: (event: AdminEvent) => void,
  options: { enabled?: boolean } = {},
): EventStreamState {
  const client = useAdminClient()
  const { connection } = client
  const enabled = options.enabled ?? true
  const handler = useRef(onEvent)
  handler.current = onEvent
  const [state, setState] = useState<EventStreamState>('connecting')

  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    let lastId: string | null = null
    let timer: number | undefined

    async function connect(): Promise<void> {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${connection.adminToken}`,
        Accept: 'text/event-stream',
      }
      if (lastId) headers['Last-Event-ID'] = lastId
      try {
        const response = await fetch(`${connection.adminApi}/events`, {
          headers,
          signal: controller.signal,
          cache: 'no-store',
          credentials: 'omit',
        })
        if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`)
        setState('open')
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        const feed = createSseParser((frame) => {
          if (frame.id) lastId = frame.id
          const event = toEvent(frame.event, frame.data)
          if (event) handler.current(event)
        })
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          feed(value)
        }
      } catch {
        if (controller.signal.aborted) return
      }
      if (controller.signal.aborted) return
      setState('reconnecting')
      timer = window.setTimeout(() => void connect(), RETRY_MS)
    }

    void connect()
    return () => {
      controller.abort()
      window.clearTimeout(timer)
    }
  }, [connection.adminApi, connection.adminToken, enabled])

  return state
}
