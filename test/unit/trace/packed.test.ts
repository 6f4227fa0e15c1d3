import { PassThrough } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../src/shared/admin-api'
import {
  decodeExchange,
  encodeExchange,
  packInParts,
  unpackBatch,
} from '../../../src/core/trace/batch-codec'
import { decodeSteps, encodeSteps } from '../../../src/core/trace/packed'
import type { CapturedExchange } from '../../../src/core/trace/captured'
import { StepLog } from '../../../src/core/oauth/steps'
import { OAuthError } from '../../../src/core/salesforce/errors'

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
  const failedLog = () => {
    const log = new StepLog()
    log.pass('client.lookup', '12:"quoted" — ok')
    log.fail('client.secret', new OAuthError('invalid_client', 'invalid client credentials'))
    return log
  }
  const exchange = (over: Partial<CapturedExchange> = {}): CapturedExchange => ({
    startedAt: 1_795_000_000_123,
    durationMs: 1.2344,
    method: 'POST',
    url: '/services/oauth2/token?x=1:2',
    requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
    rawRequestHeaders: [
      'Content-Type',
      'application/x-www-form-urlencoded',
      'X-Many',
      'a',
      'x-many',
      'b',
    ],
    query: { x: '1:2' },
    body: { grant_type: 'client_credentials' },
    trace: {
      log: failedLog(),
      appKey: '3MVG9',
      username: 'ada@example.com',
      grantId: 'g-1',
      fault: { name: 'slow', delayMs: 50 },
    },
    socketIp: '127.0.0.1',
    status: 400,
    responseHead:
      'HTTP/1.1 400 Bad Request\r\ncontent-length: 42\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n' +
      'X-Note: a: b \r\n\r\n',
    responseHeaders: () => ({ 'content-length': 42 }),
    payload: '{"error":"invalid_client","error_description":"3:4"}',
    ...over,
  })

  it('decodes to what the writer needs, whatever the exchange holds', () => {
    const decoded = decodeExchange(encodeExchange(exchange()))
    expect(decoded).toEqual({
      startedAt: 1_795_000_000_123,
      durationMs: 1.234,
      method: 'POST',
      url: '/services/oauth2/token?x=1:2',
      // Names as maps do: lowercase, a repeated header keeps every value in order.
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', 'x-many': ['a', 'b'] },
      query: { x: '1:2' },
      body: { grant_type: 'client_credentials' },
      trace: {
        appKey: '3MVG9',
        appName: undefined,
        userId: undefined,
        username: 'ada@example.com',
        grantType: undefined,
        grantId: 'g-1',
        clientIp: undefined,
        authorizeRequestId: undefined,
        fault: { name: 'slow', delayMs: 50 },
        failedStep: 'client.secret',
        steps: encodeSteps(failedLog().steps),
      },
      socketIp: '127.0.0.1',
      status: 400,
      responseHeaders: { 'content-length': '42', 'set-cookie': ['a=1', 'b=2'], 'x-note': 'a: b' },
      payload: '{"error":"invalid_client","error_description":"3:4"}',
    })
    expect(decodeSteps(decoded.trace!.steps)[1]).toMatchObject({
      name: 'client.secret',
      outcome: 'failed',
      error: { error: 'invalid_client' },
    })
  })

  it('falls back to the header maps when Node holds no raw headers', () => {
    const decoded = decodeExchange(
      encodeExchange(
        exchange({
          rawRequestHeaders: undefined,
          requestHeaders: { host: '127.0.0.1', 'x-many': ['a', 'b'] },
          responseHead: undefined,
          responseHeaders: () => ({ 'content-length': 42, 'set-cookie': ['a=1'] }),
        }),
      ),
    )
    expect(decoded.requestHeaders).toEqual({ host: '127.0.0.1', 'x-many': ['a', 'b'] })
    expect(decoded.responseHeaders).toEqual({ 'content-length': '42', 'set-cookie': ['a=1'] })
  })

  it('keeps absent parts absent', () => {
    const decoded = decodeExchange(
      encodeExchange(
        exchange({
          trace: null,
          query: undefined,
          body: 'raw text',
          payload: null,
          socketIp: undefined,
          rawRequestHeaders: [],
        }),
      ),
    )
    expect(decoded).toMatchObject({ trace: null, query: null, body: 'raw text', payload: null })
    expect(decoded.socketIp).toBeUndefined()
    expect(decoded.requestHeaders).toEqual({})
    const streamed = decodeExchange(encodeExchange(exchange({ payload: new PassThrough() })))
    expect(streamed.payload).toEqual({ stream: true })
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

describe('a batch packed in parts', () => {
  it('gives back every exchange, in order, in parts no longer than asked unless one alone is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 2000 }),
        (batch, maxChars) => {
          const parts = packInParts(batch, maxChars)
          expect(parts.flatMap((part) => unpackBatch(part.packed))).toEqual(batch)
          for (const part of parts) {
            const texts = unpackBatch(part.packed)
            expect(part.exchanges).toBe(texts.length)
            const chars = texts.reduce((sum, text) => sum + text.length, 0)
            if (texts.length > 1) expect(chars).toBeLessThanOrEqual(maxChars)
          }
        },
      ),
    )
  })

  it('has no parts for no exchanges, and one for a batch that fits', () => {
    expect(packInParts([], 100)).toEqual([])
    expect(packInParts(['a', 'bc'], 100)).toEqual([{ exchanges: 2, packed: '1:a2:bc' }])
    expect(packInParts(['a'.repeat(150), 'b'], 100).map((part) => part.exchanges)).toEqual([1, 1])
  })
})
