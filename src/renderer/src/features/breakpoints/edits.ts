import type { PausedExchange } from '../../../../shared/admin-api'
import type { Row } from '../run/edits'

const flat = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : value)

export function rowsOf(record: Record<string, string | string[]>): Row[] {
  return Object.entries(record).map(([name, value]) => ({ name, value: flat(value) }))
}

/** Headers to set (changed or added) and to remove (null), compared with what arrived. */
function headerEdits(
  before: Record<string, string | string[]>,
  rows: Row[],
): Record<string, string | null> {
  const edits: Record<string, string | null> = {}
  const kept = new Set<string>()
  for (const row of rows) {
    const name = row.name.trim().toLowerCase()
    if (!name) continue
    kept.add(name)
    if (before[name] === undefined || flat(before[name]!) !== row.value) edits[name] = row.value
  }
  for (const name of Object.keys(before)) if (!kept.has(name.toLowerCase())) edits[name] = null
  return edits
}

/** `continue` edits at request: parameters set or removed, headers set or removed. */
export function requestEdits(paused: PausedExchange, params: Row[], headers: Row[]) {
  const set: Record<string, string> = {}
  const kept = new Set<string>()
  for (const row of params) {
    const name = row.name.trim()
    if (!name) continue
    kept.add(name)
    if (paused.request.params[name] !== row.value) set[name] = row.value
  }
  const removeParams = Object.keys(paused.request.params).filter((name) => !kept.has(name))
  const headerChanges = headerEdits(paused.request.headers, headers)
  const count = Object.keys(set).length + removeParams.length + Object.keys(headerChanges).length
  return {
    count,
    body: {
      request: {
        ...(Object.keys(set).length ? { params: set } : {}),
        ...(removeParams.length ? { removeParams } : {}),
        ...(Object.keys(headerChanges).length ? { headers: headerChanges } : {}),
      },
    },
  }
}

/** `continue` edits at response: status, headers, body. */
export function responseEdits(
  paused: PausedExchange,
  status: number,
  headers: Row[],
  body: string,
) {
  const original = paused.response!
  const headerChanges = headerEdits(original.headers, headers)
  const changed = {
    ...(status !== original.status ? { status } : {}),
    ...(Object.keys(headerChanges).length ? { headers: headerChanges } : {}),
    ...(body !== original.body ? { body } : {}),
  }
  return {
    count:
      (status !== original.status ? 1 : 0) +
      Object.keys(headerChanges).length +
      (body !== original.body ? 1 : 0),
    body: { response: changed },
  }
}
