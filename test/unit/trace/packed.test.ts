import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../src/shared/admin-api'
import {
  bufferOf,
  decodeBatch,
  decodeSteps,
  encodeBatch,
  encodeSteps,
  type PackedExchange,
} from '../../../src/core/trace/packed'

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

describe('a batch for the writer thread', () => {
  it('carries bytes as base64 and gives them back as a Buffer', () => {
    const exchange: PackedExchange = {
      startedAt: 1,
      durationMs: 2,
      method: 'POST',
      url: '/x',
      requestHeaders: { 'content-type': 'application/octet-stream' },
      query: {},
      body: Buffer.from([0, 255, 1]),
      trace: null,
      socketIp: '127.0.0.1',
      status: 200,
      responseHeaders: {},
      payload: 'ok',
    }
    const [decoded] = decodeBatch(encodeBatch([exchange]))
    expect(bufferOf(decoded!.body)).toEqual(Buffer.from([0, 255, 1]))
    expect(decoded!.payload).toBe('ok')
    expect(bufferOf('text')).toBe('text')
  })
})
