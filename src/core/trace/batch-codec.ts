import type { HeaderMap } from '../../shared/admin-api'
import type { ExchangeTrace } from '../oauth/exchange-trace'
import { isStream } from './body'
import type { CapturedExchange } from './captured'
import { encodeSteps, type PackedExchange, type PackedTrace } from './packed'

/**
 * One captured exchange as one string, for the writer (on its own thread or not). Every
 * field is written as `<length>:<text>`, so the large texts (the response payload, the
 * encoded steps) are copied as they are: JSON.stringify would scan and escape every quote of
 * a JSON payload, and a structured clone walks every small object — measured, each cost the
 * request thread several times what this does. Headers travel as Node already holds them
 * (the request's raw name/value list, the response's header block as written to the
 * socket): the writer turns them into maps, off the request thread.
 */

const field = (text: string) => `${text.length}:${text}`

/** An optional text: absent and empty are the same (no fact the trace keeps is ever ''). */
const optional = (text: string | undefined) => field(text ?? '')

/** A body or payload: its kind, then its text. */
function value(v: unknown): string {
  if (v === undefined || v === null) return 'n'
  if (typeof v === 'string') return `s${v}`
  if (v instanceof Uint8Array)
    return `b${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`
  // A streamed payload (a file) is noted, never read.
  if (isStream(v)) return 't'
  return `j${JSON.stringify(v)}`
}

function unvalue(text: string): unknown {
  const rest = text.slice(1)
  switch (text[0]) {
    case 'n':
      return null
    case 's':
      return rest
    case 'b':
      return Buffer.from(rest, 'base64')
    case 't':
      return { stream: true }
    case 'j':
      return JSON.parse(rest)
    default:
      throw garbled()
  }
}

const garbled = () => new Error('the recorded exchange is garbled')

/** Request headers: Node's raw list (names as sent, in order), else the parsed map. */
function requestHeadersText(c: CapturedExchange): string {
  if (c.rawRequestHeaders) return `r${c.rawRequestHeaders.join('\n')}`
  return `j${JSON.stringify(c.requestHeaders)}`
}

/** Response headers: the header block as written, else the map the reply holds. */
function responseHeadersText(c: CapturedExchange): string {
  if (typeof c.responseHead === 'string') return `r${c.responseHead}`
  return `j${JSON.stringify(c.responseHeaders?.() ?? {})}`
}

/** Adds a header to a map; a repeated name keeps every value, in order. */
function addHeader(map: HeaderMap, name: string, value: string): void {
  const key = name.toLowerCase()
  const had = map[key]
  if (had === undefined) map[key] = value
  else if (Array.isArray(had)) had.push(value)
  else map[key] = [had, value]
}

function requestHeadersOf(text: string): HeaderMap {
  if (text[0] === 'j') return JSON.parse(text.slice(1)) as HeaderMap
  if (text[0] !== 'r') throw garbled()
  const map: HeaderMap = {}
  if (text.length === 1) return map
  const list = text.slice(1).split('\n')
  for (let i = 0; i + 1 < list.length; i += 2) addHeader(map, list[i]!, list[i + 1]!)
  return map
}

function responseHeadersOf(text: string): HeaderMap {
  if (text[0] === 'j') {
    // The reply's own map may hold numbers (content-length): recorded as text.
    const map: HeaderMap = {}
    const parsed = JSON.parse(text.slice(1)) as Record<string, string | number | string[]>
    for (const [name, value] of Object.entries(parsed)) {
      map[name] = Array.isArray(value) ? value : String(value)
    }
    return map
  }
  if (text[0] !== 'r') throw garbled()
  const map: HeaderMap = {}
  // "HTTP/1.1 200 OK\r\nName: value\r\n…\r\n\r\n": the status line is recorded apart.
  const lines = text.slice(1).split('\r\n')
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    addHeader(map, line.slice(0, colon), line.slice(colon + 1).trim())
  }
  return map
}

/** Who the exchange was about, as fields; `fault` as JSON. */
function factsText(trace: ExchangeTrace, failedStep: string | undefined): string {
  return (
    optional(trace.appKey) +
    optional(trace.appName) +
    optional(trace.userId) +
    optional(trace.username) +
    optional(trace.grantType) +
    optional(trace.grantId) +
    optional(trace.clientIp) +
    optional(trace.authorizeRequestId) +
    optional(trace.fault ? JSON.stringify(trace.fault) : undefined) +
    optional(failedStep)
  )
}

/**
 * Encodes one exchange as the request ends. The result is flattened at once: V8 keeps a
 * concatenation as a tree of its pieces, and copying that tree out later (when the batch is
 * handed to the writer thread, ~10 ms on, its pieces no longer in the CPU cache) measured
 * several times slower on the request thread than flattening it now.
 */
export function encodeExchange(c: CapturedExchange): string {
  const trace = c.trace
  const text =
    field(String(c.startedAt)) +
    // Whole microseconds: a fraction's digits cost more to print than they are worth.
    field(String(Math.round(c.durationMs * 1000))) +
    field(c.method) +
    field(c.url) +
    field(String(c.status)) +
    optional(c.socketIp) +
    field(requestHeadersText(c)) +
    field(value(c.query)) +
    field(value(c.body)) +
    field(trace ? factsText(trace, trace.log.failed()?.name) : '') +
    field(trace ? encodeSteps(trace.log.steps) : '') +
    field(responseHeadersText(c)) +
    field(value(c.payload))
  // Reading a character makes V8 flatten the string (there is no API that says so directly).
  text.charCodeAt(0)
  return text
}

/** Reads `<length>:<text>` fields one after another; throws on anything else. */
function fieldReader(text: string) {
  let at = 0
  return {
    next(): string {
      const colon = text.indexOf(':', at)
      const length = Number(text.slice(at, colon))
      if (colon < 0 || !Number.isInteger(length) || colon + 1 + length > text.length) {
        throw garbled()
      }
      const start = colon + 1
      at = start + length
      return text.slice(start, at)
    },
    optional(): string | undefined {
      return this.next() || undefined
    },
    end(): void {
      if (at !== text.length) throw garbled()
    },
    done(): boolean {
      return at === text.length
    },
  }
}

/** The exchange encodeExchange wrote; throws on anything else. */
export function decodeExchange(text: string): PackedExchange {
  const fields = fieldReader(text)
  const startedAt = Number(fields.next())
  const durationMs = Number(fields.next()) / 1000
  const method = fields.next()
  const url = fields.next()
  const status = Number(fields.next())
  const socketIp = fields.optional()
  const requestHeaders = requestHeadersOf(fields.next())
  const query = unvalue(fields.next())
  const body = unvalue(fields.next())
  const facts = fields.next()
  const steps = fields.next()
  const responseHeaders = responseHeadersOf(fields.next())
  const payload = unvalue(fields.next()) as PackedExchange['payload']
  fields.end()
  return {
    startedAt,
    durationMs,
    method,
    url,
    requestHeaders,
    query,
    body,
    trace: facts ? decodeFacts(facts, steps) : null,
    socketIp,
    status,
    responseHeaders,
    payload,
  }
}

function decodeFacts(text: string, steps: string): PackedTrace {
  const fields = fieldReader(text)
  const trace: PackedTrace = {
    appKey: fields.optional(),
    appName: fields.optional(),
    userId: fields.optional(),
    username: fields.optional(),
    grantType: fields.optional(),
    grantId: fields.optional(),
    clientIp: fields.optional(),
    authorizeRequestId: fields.optional(),
    steps,
  }
  const fault = fields.optional()
  if (fault) trace.fault = JSON.parse(fault) as Record<string, unknown>
  trace.failedStep = fields.optional()
  fields.end()
  return trace
}

/**
 * A batch of encoded exchanges as one text, to be set aside (writer.ts): each one as a
 * `<length>:<text>` field, copied as it is.
 */
export function packBatch(batch: readonly string[]): string {
  let packed = ''
  for (const encoded of batch) packed += field(encoded)
  return packed
}

/** A run of consecutive exchanges packed into one text (packBatch). */
export interface PackedPart {
  exchanges: number
  packed: string
}

/**
 * A batch packed in parts of at most about `maxChars` each, in order (an exchange longer than
 * that is a part of its own).
 */
export function packInParts(batch: readonly string[], maxChars: number): PackedPart[] {
  const parts: PackedPart[] = []
  let start = 0
  let chars = 0
  for (let i = 0; i < batch.length; i++) {
    const length = batch[i]!.length
    if (i > start && chars + length > maxChars) {
      parts.push({ exchanges: i - start, packed: packBatch(batch.slice(start, i)) })
      start = i
      chars = 0
    }
    chars += length
  }
  if (start < batch.length) {
    parts.push({ exchanges: batch.length - start, packed: packBatch(batch.slice(start)) })
  }
  return parts
}

/** The encoded exchanges packBatch put together; throws on anything else. */
export function unpackBatch(packed: string): string[] {
  const fields = fieldReader(packed)
  const batch: string[] = []
  while (!fields.done()) batch.push(fields.next())
  return batch
}
