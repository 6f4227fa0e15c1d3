import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../src/shared/admin-api'
import { decodeExchange, encodeExchange } from '../../../src/core/trace/batch-codec'
import { decodeSteps, encodeSteps, type PackedExchange } from '../../../src/core/trace/packed'

const step = fc.record(
  {
    name: fc.string(),
    outcome: fc.constantFrom<StepRecord['outcome']>('passed', 'failed', 'skipped'),
    detail: fc.string({ unit: 'grapheme' }),
    error: fc.record({
      error: fc.string(),
      error_description: fc.string({ unit: 'grapheme' }),
      status: fc.integer({ min: 100, max: 599 }),
    }),
  },
  { requiredKeys: ['name', 'outcome', 'detail'] },
)

describe('encoded steps', () => {
  it('decode to exactly the steps encoded, whatever their text', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        expect(decodeSteps(encodeSteps(steps))).toEqual(steps)
      }),
    )
  })

  it('keep names and details with digits, commas and separators intact', () => {
    const steps: StepRecord[] = [
      { name: '1,2', outcome: 'passed', detail: '3,4p5' },
      { name: '', outcome: 'skipped', detail: '' },
      {
        name: 'client.secret',
        outcome: 'failed',
        detail: 'the org’s secret — “wrong” 🔑',
        error: {
          error: 'invalid_client',
          error_description: 'invalid client credentials',
          status: 400,
        },
      },
    ]
    expect(decodeSteps(encodeSteps(steps))).toEqual(steps)
  })

  it('refuses text that is not an encoding instead of inventing steps', () => {
    expect(() => decodeSteps('12,x')).toThrow(/garbled/)
  })
})

describe('an exchange encoded for the writer', () => {
  const exchange = (over: Partial<PackedExchange> = {}): PackedExchange => ({
    startedAt: 1_795_000_000_123,
    durationMs: 1.234,
    method: 'POST',
    url: '/services/oauth2/token?x=1:2',
    requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', 'x-many': ['a', 'b'] },
    query: { x: '1:2' },
    body: { grant_type: 'client_credentials' },
    trace: {
      appKey: '3MVG9',
      username: 'ada@example.com',
      grantId: 'g-1',
      fault: { name: 'slow', delayMs: 50 },
      failedStep: 'client.secret',
      steps: encodeSteps([{ name: 'a', outcome: 'failed', detail: '12:"quoted" — ok' }]),
    },
    socketIp: '127.0.0.1',
    status: 400,
    responseHeaders: { 'content-length': 42, 'set-cookie': ['a=1', 'b=2'] },
    payload: '{"error":"invalid_client","error_description":"3:4"}',
    ...over,
  })

  it('decodes to the exchange encoded, whatever it holds', () => {
    const batch = [
      exchange(),
      exchange({
        trace: null,
        query: undefined,
        body: 'raw text',
        payload: null,
        socketIp: undefined,
      }),
      exchange({ payload: { stream: true }, body: null }),
    ]
    const decoded = batch.map((e) => decodeExchange(encodeExchange(e)))
    expect(decoded[0]).toEqual(batch[0])
    expect(decoded[1]).toMatchObject({ trace: null, query: null, body: 'raw text', payload: null })
    expect(decoded[1]!.socketIp).toBeUndefined()
    expect(decoded[2]!.payload).toEqual({ stream: true })
  })

  it('carries bytes and gives them back as a Buffer', () => {
    const decoded = decodeExchange(
      encodeExchange(exchange({ body: Buffer.from([0, 255, 1]), payload: new Uint8Array([9]) })),
    )
    expect(decoded.body).toEqual(Buffer.from([0, 255, 1]))
    expect(decoded.payload).toEqual(Buffer.from([9]))
  })

  it('refuses a garbled, cut or over-long encoding', () => {
    const text = encodeExchange(exchange())
    expect(() => decodeExchange('5:abc')).toThrow(/garbled/)
    expect(() => decodeExchange('x')).toThrow(/garbled/)
    expect(() => decodeExchange(text.slice(0, -3))).toThrow(/garbled/)
    expect(() => decodeExchange(text + '1:x')).toThrow(/garbled/)
  })
})
