import type { FastifyRequest } from 'fastify'
import type { PausedExchange } from '../../../shared/admin-api'
import { SECRET_FIELDS, SECRET_HEADERS } from '../../trace/redact'
import type { RequestFacts } from '../faults/facts'
import type { RequestEdits } from './decision'

/**
 * A request paused at `request`: what it looks like (for the admin API) and the changes a
 * person makes to it before the server decides. Parameters are changed where they are (the
 * form body or the query string; a new one goes in the body when there is one), headers on
 * the incoming message itself, so the endpoint, the fault rules and the recorder all see the
 * changed request. What changed is described with the original and the new values; secrets
 * (passwords, client secrets, tokens, credential headers) are described by their length
 * only, so a redacted export of the trace cannot leak the value that was replaced.
 */

type Mutable = Record<string, unknown>

export function requestView(
  request: FastifyRequest,
  facts: RequestFacts,
): PausedExchange['request'] {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = value
  }
  return {
    method: request.method,
    url: request.url,
    headers,
    params: Object.fromEntries(facts.params()),
  }
}

function formBody(request: FastifyRequest): Mutable | undefined {
  const body = request.body
  return body !== null && typeof body === 'object' && !Buffer.isBuffer(body)
    ? (body as Mutable)
    : undefined
}

const shown = (name: string, value: unknown, secrets: ReadonlySet<string>): string => {
  if (value === undefined) return 'absent'
  const text = Array.isArray(value) ? value.join(', ') : String(value)
  return secrets.has(name.toLowerCase())
    ? `(a secret of ${text.length} characters)`
    : JSON.stringify(text)
}

/** Writes the query string back into the URL, so the trace records the changed request. */
function rewriteUrl(request: FastifyRequest, query: Mutable): void {
  const url = request.raw.url ?? request.url
  const path = url.split('?')[0]!
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item))
    else if (value !== undefined) search.append(key, String(value))
  }
  const text = search.toString()
  request.raw.url = text ? `${path}?${text}` : path
}

function setHeader(request: FastifyRequest, name: string, value: string | null): void {
  const lower = name.toLowerCase()
  const raw = request.raw
  if (value === null) delete raw.headers[lower]
  else raw.headers[lower] = value
  const rawHeaders = raw.rawHeaders
  for (let i = rawHeaders.length - 2; i >= 0; i -= 2) {
    if (rawHeaders[i]!.toLowerCase() === lower) rawHeaders.splice(i, 2)
  }
  if (value !== null) rawHeaders.push(name, value)
}

/** Applies the edits; answers the changes in plain words (empty: nothing changed). */
export function applyRequestEdits(request: FastifyRequest, edits: RequestEdits): string[] {
  const changes: string[] = []
  const body = formBody(request)
  const query = (request.query ?? {}) as Mutable
  let queryChanged = false
  const current = (name: string) => (body && name in body ? body[name] : query[name])

  for (const name of edits.removeParams ?? []) {
    const before = current(name)
    if (before === undefined) continue
    if (body && name in body) delete body[name]
    if (name in query) {
      delete query[name]
      queryChanged = true
    }
    changes.push(`parameter ${name} removed (was ${shown(name, before, SECRET_FIELDS)})`)
  }
  for (const [name, value] of Object.entries(edits.params ?? {})) {
    const before = current(name)
    if (before === value) continue
    if (name in query && !(body && name in body)) {
      query[name] = value
      queryChanged = true
    } else if (body) {
      body[name] = value
    } else {
      query[name] = value
      queryChanged = true
    }
    changes.push(
      before === undefined
        ? `parameter ${name} added: ${shown(name, value, SECRET_FIELDS)}`
        : `parameter ${name}: ${shown(name, before, SECRET_FIELDS)} → ${shown(name, value, SECRET_FIELDS)}`,
    )
  }
  if (queryChanged) rewriteUrl(request, query)

  for (const [name, value] of Object.entries(edits.headers ?? {})) {
    const before = request.raw.headers[name.toLowerCase()]
    if (before === (value ?? undefined)) continue
    setHeader(request, name, value)
    changes.push(
      value === null
        ? `header ${name} removed (was ${shown(name, before, SECRET_HEADERS)})`
        : before === undefined
          ? `header ${name} added: ${shown(name, value, SECRET_HEADERS)}`
          : `header ${name}: ${shown(name, before, SECRET_HEADERS)} → ${shown(name, value, SECRET_HEADERS)}`,
    )
  }
  return changes
}
