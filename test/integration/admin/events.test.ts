import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExchangeSummary, FlowSummary } from '../../../src/shared/admin-api'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { CC } from '../../support/workspace'
import { admin } from './support'

/** GET /_gatehouse/api/events: server-sent events of new exchanges and flow updates. */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(() => gh.close())

interface SseEvent {
  event: string
  id?: string
  data: unknown
}

/** Opens the stream with fetch (the admin token goes in a header) and parses its frames. */
async function openStream(headers: Record<string, string> = {}) {
  const controller = new AbortController()
  const response = await gh.fetch('/_gatehouse/api/events', {
    headers: { authorization: `Bearer ${gh.engine.adminToken}`, ...headers },
    signal: controller.signal,
  })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  const events: SseEvent[] = []
  const comments: string[] = []
  const waiters: Array<() => void> = []
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event: Partial<SseEvent> = {}
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim())
            else if (line.startsWith('event: ')) event.event = line.slice(7)
            else if (line.startsWith('id: ')) event.id = line.slice(4)
            else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6))
          }
          if (event.event) events.push(event as SseEvent)
          waiters.splice(0).forEach((wake) => wake())
        }
      }
    } catch {
      // aborted
    }
  })()
  const next = async (match: (e: SseEvent) => boolean, timeoutMs = 1000): Promise<SseEvent> => {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const found = events.find(match)
      if (found) return found
      const left = deadline - performance.now()
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }
  return {
    response,
    events,
    comments,
    next,
    async close() {
      controller.abort()
      await pump
    },
  }
}

describe('the event stream', () => {
  it('is text/event-stream, opens with a comment, and needs the token', async () => {
    const stream = await openStream()
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(stream.response.headers.get('cache-control')).toBe('no-store')
    await stream.next(() => false, 50).catch(() => undefined)
    expect(stream.comments).toContain('connected')
    await stream.close()
    expect((await gh.fetch('/_gatehouse/api/events')).status).toBe(401)
  })

  it('delivers a new exchange, and its flow, within a second of the request', async () => {
    const stream = await openStream()
    const started = performance.now()
    const res = await gh.fetch('/services/oauth2/token', {
      method: 'POST',
      body: form({ grant_type: 'client_credentials', client_id: CC.key, client_secret: CC.secret }),
    })
    expect(res.status).toBe(200)
    const exchange = await stream.next((e) => e.event === 'exchange')
    expect(performance.now() - started).toBeLessThan(1000)
    const summary = exchange.data as ExchangeSummary
    expect(summary).toMatchObject({ endpoint: 'token', status: 200, appKey: CC.key })
    expect(exchange.id).toBe(String(summary.id))
    const flow = await stream.next((e) => e.event === 'flow')
    expect(flow.data as FlowSummary).toMatchObject({
      id: summary.flowId,
      kind: 'client_credentials',
      status: 'succeeded',
    })
    // What the event announced can be read at once.
    expect((await admin(gh, 'GET', `/exchanges/${summary.id}`)).status).toBe(200)
    await stream.close()
  })

  it('announces a cleared trace', async () => {
    const stream = await openStream()
    await admin(gh, 'DELETE', '/exchanges')
    await stream.next((e) => e.event === 'cleared')
    await stream.close()
  })

  it('replays the exchanges missed since Last-Event-ID', async () => {
    await gh.fetch('/id/keys')
    await gh.fetch('/.well-known/openid-configuration')
    const [newest, older] = (await admin(gh, 'GET', '/exchanges?limit=2')).body.items
    const stream = await openStream({ 'last-event-id': String(older.id) })
    const replayed = await stream.next((e) => e.event === 'exchange')
    expect((replayed.data as ExchangeSummary).id).toBe(newest.id)
    await stream.close()
  })

  it('does not hold up the server closing', async () => {
    const other = await startGatehouse()
    const response = await other.fetch('/_gatehouse/api/events', {
      headers: { authorization: `Bearer ${other.engine.adminToken}` },
    })
    const reader = response.body!.getReader()
    await reader.read()
    const started = performance.now()
    await other.close()
    expect(performance.now() - started).toBeLessThan(2000)
    const rest = await reader.read().catch(() => ({ done: true }))
    expect(rest.done).toBe(true)
  })
})
