import type { HeaderMap, StepRecord } from '../../shared/admin-api'
import type { ExchangeTrace } from '../oauth/exchange-trace'

/**
 * What the request learned about itself (ExchangeTrace), as plain data: the steps encoded
 * (encodeSteps), and the first failed one named so the writer need not decode them.
 */
export type PackedTrace = Omit<ExchangeTrace, 'log'> & { steps: string; failedStep?: string }

/** A streamed response payload (a file) is noted with its declared length, never read. */
export interface StreamedPayload {
  stream: true
}

/**
 * One captured exchange as the writer gets it (batch-codec.ts decodes it): plain data, no
 * class instances, no streams; headers as maps (a repeated header keeps every value).
 */
export interface PackedExchange {
  startedAt: number
  durationMs: number
  method: string
  url: string
  requestHeaders: HeaderMap
  query: unknown
  body: unknown
  trace: PackedTrace | null
  socketIp: string | undefined
  status: number
  responseHeaders: HeaderMap
  payload: string | Uint8Array | StreamedPayload | null
}

const OUTCOME_CODES = { passed: 'p', failed: 'f', skipped: 's' } as const
const OUTCOMES: Record<string, StepRecord['outcome']> = { p: 'passed', f: 'failed', s: 'skipped' }

/**
 * Steps as one string: per step the lengths of its name, detail and error (JSON, rarely
 * there), its outcome letter, then the three texts. Step details are built from template
 * strings; JSON.stringify (or a structured clone) of ~20 of them costs ~14 µs a request,
 * this ~2 µs: one concatenation, flattened once when the batch is encoded.
 */
export function encodeSteps(steps: readonly StepRecord[]): string {
  let out = ''
  for (const step of steps) {
    const error = step.error ? JSON.stringify(step.error) : ''
    out += `${step.name.length},${step.detail.length},${error.length}${OUTCOME_CODES[step.outcome]}${step.name}${step.detail}${error}`
  }
  return out
}

export function decodeSteps(text: string): StepRecord[] {
  const steps: StepRecord[] = []
  let at = 0
  while (at < text.length) {
    const comma1 = text.indexOf(',', at)
    const comma2 = text.indexOf(',', comma1 + 1)
    let code = comma2 + 1
    while (text.charCodeAt(code) >= 48 && text.charCodeAt(code) <= 57) code += 1
    const nameLength = Number(text.slice(at, comma1))
    const detailLength = Number(text.slice(comma1 + 1, comma2))
    const errorLength = Number(text.slice(comma2 + 1, code))
    const outcome = OUTCOMES[text[code]!]
    if (!outcome || comma1 < 0 || comma2 < 0) throw new Error('the recorded steps are garbled')
    let next = code + 1
    const name = text.slice(next, (next += nameLength))
    const detail = text.slice(next, (next += detailLength))
    const step: StepRecord = { name, outcome, detail }
    if (errorLength > 0) step.error = JSON.parse(text.slice(next, (next += errorLength)))
    steps.push(step)
    at = next
  }
  return steps
}

/** Bytes as a Buffer (they may arrive as a plain Uint8Array); anything else as it is. */
export function bufferOf(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  }
  return value
}
