import type { StepRecord } from '../../shared/admin-api'
import type { ExchangeTrace } from '../oauth/exchange-trace'
import type { CapturedExchange } from './captured'

/**
 * What the request learned about itself (ExchangeTrace), as plain data: the steps encoded
 * (encodeSteps), and the first failed one named so the writer need not decode them.
 */
export type PackedTrace = Omit<ExchangeTrace, 'log'> & { steps: string; failedStep?: string }

/** A streamed response payload (a file) is noted with its declared length, never read. */
export interface StreamedPayload {
  stream: true
}

/** Bytes inside a packed exchange that travels as JSON (see encodeBatch). */
export interface PackedBytes {
  $bytes: string
}

/**
 * One captured exchange as plain data, ready for the recorder's writer on its own thread:
 * no class instances, no streams. Bytes stay a Buffer on this thread; encodeBatch writes
 * them as base64 (PackedBytes) and bufferOf turns either back into a Buffer.
 */
export interface PackedExchange {
  startedAt: number
  durationMs: number
  method: string
  url: string
  requestHeaders: Record<string, string | string[] | undefined>
  query: unknown
  body: unknown
  trace: PackedTrace | null
  socketIp: string | undefined
  status: number
  responseHeaders: Record<string, string | number | string[] | undefined>
  payload: string | Uint8Array | PackedBytes | StreamedPayload | null
}

function isStream(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { pipe?: unknown }).pipe === 'function'
  )
}

function packPayload(payload: unknown): PackedExchange['payload'] {
  if (payload === undefined || payload === null) return null
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload
  if (isStream(payload)) return { stream: true }
  return String(payload)
}

function packTrace(trace: ExchangeTrace | null): PackedTrace | null {
  if (!trace) return null
  return {
    appKey: trace.appKey,
    appName: trace.appName,
    userId: trace.userId,
    username: trace.username,
    grantType: trace.grantType,
    grantId: trace.grantId,
    clientIp: trace.clientIp,
    authorizeRequestId: trace.authorizeRequestId,
    fault: trace.fault,
    steps: encodeSteps(trace.log.steps),
    failedStep: trace.log.failed()?.name,
  }
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

/** Runs on the request thread at flush time: cheap (references and shallow copies). */
export function packExchange(captured: CapturedExchange): PackedExchange {
  return {
    startedAt: captured.startedAt,
    durationMs: captured.durationMs,
    method: captured.method,
    url: captured.url,
    requestHeaders: captured.requestHeaders,
    query: captured.query,
    body: captured.body,
    trace: packTrace(captured.trace),
    socketIp: captured.socketIp,
    status: captured.status,
    responseHeaders: captured.responseHeaders,
    payload: packPayload(captured.payload),
  }
}

/** Bytes as a Buffer again, however they travelled (base64 in JSON, a Uint8Array); else as is. */
export function bufferOf(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PackedBytes).$bytes === 'string'
  ) {
    return Buffer.from((value as PackedBytes).$bytes, 'base64')
  }
  return value
}

const bytesAsJson = (value: unknown): unknown =>
  value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value

/**
 * A batch as one JSON text, for the writer's thread. Measured, a structured clone of the
 * same exchanges (what postMessage does with objects) costs the request thread about twice
 * as much: steps and headers are many small strings in many small objects, and JSON.stringify
 * is V8's fastest way through them; the text then crosses as one copy.
 */
export function encodeBatch(batch: readonly PackedExchange[]): string {
  return JSON.stringify(
    batch.map((exchange) =>
      exchange.body instanceof Uint8Array || exchange.payload instanceof Uint8Array
        ? { ...exchange, body: bytesAsJson(exchange.body), payload: bytesAsJson(exchange.payload) }
        : exchange,
    ),
  )
}

export function decodeBatch(text: string): PackedExchange[] {
  return JSON.parse(text) as PackedExchange[]
}
