import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PausedExchange } from '../../../shared/admin-api'
import { SECRET_HEADERS } from '../../trace/redact'
import type { ResponseEdits } from './decision'

/**
 * An answer paused at `response`, decided but not sent: what it looks like (for the admin
 * API) and the changes a person makes to it. The status and headers are the reply's own;
 * the body is the serialized payload. A changed body is also handed to the recorder, whose
 * capture hook saw the payload before the pause.
 */

export type ResponseHeaders = Record<string, string | string[]>

/** The payload as text (answers here are strings or buffers; a stream is not shown). */
export function payloadText(payload: unknown): string {
  if (typeof payload === 'string') return payload
  if (Buffer.isBuffer(payload)) return payload.toString('utf8')
  if (payload === null || payload === undefined) return ''
  return '[a streamed body]'
}

export function replyHeaders(reply: FastifyReply): ResponseHeaders {
  const headers: ResponseHeaders = {}
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue
    headers[name] = Array.isArray(value) ? value.map(String) : String(value)
  }
  return headers
}

export function responseView(
  reply: FastifyReply,
  payload: unknown,
): NonNullable<PausedExchange['response']> {
  return { status: reply.statusCode, headers: replyHeaders(reply), body: payloadText(payload) }
}

const clip = (text: string, max = 300) =>
  text.length > max
    ? `${JSON.stringify(text.slice(0, max))}… (${text.length} characters)`
    : JSON.stringify(text)

const headerValue = (name: string, value: unknown) => {
  if (value === undefined) return 'absent'
  const text = Array.isArray(value) ? value.join(', ') : String(value)
  return SECRET_HEADERS.has(name.toLowerCase())
    ? `(a secret of ${text.length} characters)`
    : JSON.stringify(text)
}

/** The recorder records what is sent: its capture hook ran before the pause. */
export function recordPayload(request: FastifyRequest, payload: unknown): void {
  request.traceResponseBody = payload
}

/**
 * Applies the edits to the reply; answers the payload to send and the changes in plain words
 * (empty: nothing changed).
 */
export function applyResponseEdits(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  edits: ResponseEdits,
): { payload: unknown; changes: string[] } {
  const changes: string[] = []
  if (edits.status !== undefined && edits.status !== reply.statusCode) {
    changes.push(`status ${reply.statusCode} → ${edits.status}`)
    reply.code(edits.status)
  }
  for (const [name, value] of Object.entries(edits.headers ?? {})) {
    const before = reply.getHeader(name)
    if (value === null) {
      if (before === undefined) continue
      reply.removeHeader(name)
      changes.push(`header ${name} removed (was ${headerValue(name, before)})`)
    } else if (String(before) !== value || before === undefined) {
      reply.header(name, value)
      changes.push(
        before === undefined
          ? `header ${name} added: ${headerValue(name, value)}`
          : `header ${name}: ${headerValue(name, before)} → ${headerValue(name, value)}`,
      )
    }
  }
  let next = payload
  if (edits.body !== undefined && edits.body !== payloadText(payload)) {
    changes.push(`body ${clip(payloadText(payload))} → ${clip(edits.body)}`)
    next = edits.body
    recordPayload(request, next)
  }
  return { payload: next, changes }
}
