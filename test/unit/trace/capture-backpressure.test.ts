import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installCapture } from '../../../src/core/trace/capture'
import type { CapturedExchange } from '../../../src/core/trace/captured'

describe('the recorder’s capture hooks', () => {
  it('hold new requests while the recorder asks them to wait, never the workbench’s own', async () => {
    const app = Fastify()
    const captured: CapturedExchange[] = []
    let release: () => void = () => undefined
    let waiting: Promise<void> | null = new Promise((resolve) => (release = resolve))
    installCapture(app, {
      clock: { now: () => 1_000 },
      ignorePrefix: '/_gatehouse',
      sink: (exchange) => captured.push(exchange),
      admit: () => waiting,
    })
    app.get('/services/data', async () => ({ ok: true }))
    app.get('/_gatehouse/api/status', async () => ({ ok: true }))
    await app.ready()

    let answered = false
    const held = app.inject({ url: '/services/data' }).then((res) => {
      answered = true
      return res
    })
    // The workbench is served while the org's request waits.
    expect((await app.inject({ url: '/_gatehouse/api/status' })).statusCode).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(answered).toBe(false)

    waiting = null
    release()
    expect((await held).statusCode).toBe(200)
    expect(captured.map((exchange) => exchange.url)).toEqual(['/services/data'])
    await app.close()
  })
})
