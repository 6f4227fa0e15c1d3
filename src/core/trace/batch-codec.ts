import type { PackedExchange, PackedTrace } from './packed'

/**
 * One packed exchange as one string, for the writer (on its own thread or not). Every field
 * is written as `<length>:<text>`, so the large texts (the response payload, the encoded
 * steps) are copied as they are: JSON.stringify would scan and escape every quote of a JSON
 * payload, and a structured clone walks every small object — measured, each cost the request
 * thread several times what this does. Small structured fields (headers, the parsed body, who
 * the exchange was about) are JSON.
 */

// The trace's facts; its steps travel as a field of their own.
function factsJson(trace: PackedTrace): string {
  const { steps: _steps, ...facts } = trace
  return JSON.stringify(facts)
}

const field = (text: string) => `${text.length}:${text}`

/** A body or payload: its kind, then its text. */
function value(v: unknown): string {
  if (v === undefined || v === null) return 'n'
  if (typeof v === 'string') return `s${v}`
  if (v instanceof Uint8Array)
    return `b${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`
  if (typeof v === 'object' && (v as { stream?: unknown }).stream === true) return 't'
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
      throw new Error('the recorded exchange is garbled')
  }
}

/**
 * Encodes one exchange as the request ends. The result is flattened at once: V8 keeps a
 * concatenation as a tree of its pieces, and copying that tree out later (when the batch is
 * handed to the writer thread, ~10 ms on, its pieces no longer in the CPU cache) measured
 * several times slower on the request thread than flattening it now.
 */
export function encodeExchange(e: PackedExchange): string {
  const text =
    field(String(e.startedAt)) +
    field(String(e.durationMs)) +
    field(e.method) +
    field(e.url) +
    field(String(e.status)) +
    field(e.socketIp ?? '') +
    field(JSON.stringify(e.requestHeaders)) +
    field(value(e.query)) +
    field(value(e.body)) +
    field(e.trace ? factsJson(e.trace) : '') +
    field(e.trace?.steps ?? '') +
    field(JSON.stringify(e.responseHeaders)) +
    field(value(e.payload))
  // Reading a character makes V8 flatten the string (there is no API that says so directly).
  text.charCodeAt(0)
  return text
}

/** The exchange encodeExchange wrote; throws on anything else. */
export function decodeExchange(text: string): PackedExchange {
  let at = 0
  const next = (): string => {
    const colon = text.indexOf(':', at)
    const length = Number(text.slice(at, colon))
    if (colon < 0 || !Number.isInteger(length) || colon + 1 + length > text.length) {
      throw new Error('the recorded exchange is garbled')
    }
    const start = colon + 1
    at = start + length
    return text.slice(start, at)
  }
  const startedAt = Number(next())
  const durationMs = Number(next())
  const method = next()
  const url = next()
  const status = Number(next())
  const socketIp = next() || undefined
  const requestHeaders = JSON.parse(next()) as PackedExchange['requestHeaders']
  const query = unvalue(next())
  const body = unvalue(next())
  const facts = next()
  const steps = next()
  const trace = facts ? { ...(JSON.parse(facts) as Omit<PackedTrace, 'steps'>), steps } : null
  const responseHeaders = JSON.parse(next()) as PackedExchange['responseHeaders']
  const payload = unvalue(next()) as PackedExchange['payload']
  if (at !== text.length) throw new Error('the recorded exchange is garbled')
  return {
    startedAt,
    durationMs,
    method,
    url,
    requestHeaders,
    query,
    body,
    trace,
    socketIp,
    status,
    responseHeaders,
    payload,
  }
}
