import type { CapturedBody } from '../../shared/admin-api'

type HeaderValue = string | number | string[] | undefined

const TEXTUAL =
  /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|[\w.+-]+\+xml|javascript|jwt|jose))/i

export function headerText(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

function isTextual(contentType: string | undefined): boolean {
  return contentType === undefined || TEXTUAL.test(contentType)
}

/** A streamed payload: the stream itself, or the note the recorder left in its place. */
export function isStream(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  return (
    (value as { stream?: unknown }).stream === true ||
    typeof (value as { pipe?: unknown }).pipe === 'function'
  )
}

/** Writes a parsed form (values may be arrays for repeated fields) back out as urlencoded. */
function reencodeForm(fields: Record<string, unknown>): string {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      out.append(key, typeof item === 'string' ? item : JSON.stringify(item))
    }
  }
  return out.toString()
}

function fromBuffer(
  buffer: Buffer,
  contentType: string | undefined,
  cap: number,
  declaredBytes?: number,
): CapturedBody {
  const textual = isTextual(contentType)
  const kept = buffer.length > cap ? buffer.subarray(0, cap) : buffer
  return {
    text: kept.toString(textual ? 'utf8' : 'base64'),
    encoding: textual ? 'utf8' : 'base64',
    bytes: declaredBytes ?? buffer.length,
    truncated: buffer.length > cap,
    capBytes: cap,
    contentType: contentType ?? null,
  }
}

function fromText(text: string, contentType: string | undefined, cap: number): CapturedBody {
  // Cheap path: a string whose UTF-16 length times 3 fits the cap cannot exceed it in UTF-8.
  if (text.length * 3 <= cap) {
    return {
      text,
      encoding: 'utf8',
      bytes: Buffer.byteLength(text),
      truncated: false,
      capBytes: cap,
      contentType: contentType ?? null,
    }
  }
  return fromBuffer(Buffer.from(text, 'utf8'), contentType ?? 'text/plain', cap)
}

/**
 * The request body as recorded: the bytes when the route kept them (a Buffer or string),
 * otherwise the parsed form or JSON written out again, marked as such.
 */
export function captureRequestBody(
  body: unknown,
  headers: Record<string, HeaderValue>,
  cap: number,
): CapturedBody | null {
  if (body === undefined || body === null) return null
  const contentType = headerText(headers['content-type'])
  if (Buffer.isBuffer(body)) return fromBuffer(body, contentType, cap)
  if (typeof body === 'string') return fromText(body, contentType, cap)
  if (typeof body !== 'object') return fromText(String(body), contentType, cap)
  const isJson = /json/i.test(contentType ?? '')
  const text = isJson ? JSON.stringify(body) : reencodeForm(body as Record<string, unknown>)
  const captured = fromText(text, contentType, cap)
  const declared = Number(headerText(headers['content-length']))
  if (Number.isFinite(declared) && declared > 0) captured.bytes = declared
  captured.note = isJson ? 'json-reencoded' : 'form-reencoded'
  return captured
}

/** The response payload as recorded; a streamed payload (files) is noted, not read. */
export function captureResponseBody(
  payload: unknown,
  headers: Record<string, HeaderValue>,
  cap: number,
): CapturedBody | null {
  if (payload === undefined || payload === null || payload === '') return null
  const contentType = headerText(headers['content-type'])
  if (Buffer.isBuffer(payload)) return fromBuffer(payload, contentType, cap)
  if (typeof payload === 'string') return fromText(payload, contentType, cap)
  if (isStream(payload)) {
    const declared = Number(headerText(headers['content-length']))
    return {
      text: '',
      encoding: 'utf8',
      bytes: Number.isFinite(declared) ? declared : 0,
      truncated: true,
      capBytes: cap,
      contentType: contentType ?? null,
      note: 'stream',
    }
  }
  return fromText(String(payload), contentType, cap)
}

/** Parses a captured body that holds JSON, or undefined. */
export function jsonOf(body: CapturedBody | null): unknown {
  if (!body || body.encoding !== 'utf8' || body.truncated) return undefined
  const first = body.text.trimStart()[0]
  if (first !== '{' && first !== '[') return undefined
  try {
    return JSON.parse(body.text)
  } catch {
    return undefined
  }
}
