import type { RunRequest, RunStepEdits } from '../../../../shared/runner-api'

/** One editable row of the params or headers table. */
export interface Row {
  name: string
  value: string
  /** Taken out of the request; kept in the table (struck through) so the change stays visible. */
  removed?: boolean
  /** Added in the table (not in the request as built): removing it just drops the row. */
  added?: boolean
}

/** The rows that will be sent. */
export const keptRows = (rows: Row[]): Row[] => rows.filter((row) => !row.removed)

export interface Draft {
  params: Row[]
  headers: Row[]
  /** Claims (JSON text) of a step that signs a JWT; null for other steps. */
  claims: string | null
  /** The raw body as it will be sent; edited, it replaces the parameters' encoding. */
  body: string
}

export function draftOf(request: RunRequest | undefined): Draft {
  return {
    params: Object.entries(request?.params ?? {}).map(([name, value]) => ({ name, value })),
    headers: Object.entries(request?.headers ?? {}).map(([name, value]) => ({ name, value })),
    claims: request?.claims ? JSON.stringify(request.claims, null, 2) : null,
    body: request?.body ?? '',
  }
}

/** Claims JSON that is not an object: the reason, else null. */
export function claimsProblem(text: string | null): string | null {
  if (text === null) return null
  try {
    const parsed = JSON.parse(text) as unknown
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? null
      : 'the claims must be a JSON object'
  } catch (error) {
    return `the claims are not valid JSON: ${(error as Error).message}`
  }
}

/**
 * The edits that turn the request as built into the draft: set what changed or was added,
 * remove what was taken out. The signed parameter itself is left alone when claims are edited
 * (the runner signs again).
 */
export function editsOf(request: RunRequest | undefined, draft: Draft): RunStepEdits {
  const edits: RunStepEdits = {}
  const before = request?.params ?? {}
  const params: Record<string, string> = {}
  const kept = new Set<string>()
  for (const row of keptRows(draft.params)) {
    const name = row.name.trim()
    if (!name) continue
    kept.add(name)
    if (name === request?.claimsParam) continue
    if (before[name] !== row.value) params[name] = row.value
  }
  const removed = Object.keys(before).filter((name) => !kept.has(name))
  if (Object.keys(params).length) edits.params = params
  if (removed.length) edits.removeParams = removed

  const headersBefore = request?.headers ?? {}
  const headers: Record<string, string | null> = {}
  const keptHeaders = new Set<string>()
  for (const row of keptRows(draft.headers)) {
    const name = row.name.trim().toLowerCase()
    if (!name) continue
    keptHeaders.add(name)
    if (headersBefore[name] !== row.value) headers[name] = row.value
  }
  for (const name of Object.keys(headersBefore)) if (!keptHeaders.has(name)) headers[name] = null
  if (Object.keys(headers).length) edits.headers = headers

  if (draft.claims !== null && request?.claims && claimsProblem(draft.claims) === null) {
    const claims = JSON.parse(draft.claims) as Record<string, unknown>
    const changed: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(claims)) {
      if (JSON.stringify(request.claims[name]) !== JSON.stringify(value)) changed[name] = value
    }
    for (const name of Object.keys(request.claims)) if (!(name in claims)) changed[name] = null
    if (Object.keys(changed).length) edits.claims = changed
  }
  if (request?.body !== undefined && request.body !== null && draft.body !== request.body) {
    edits.body = draft.body
  }
  return edits
}

export function countEdits(edits: RunStepEdits): number {
  return (
    Object.keys(edits.params ?? {}).length +
    (edits.removeParams?.length ?? 0) +
    Object.keys(edits.headers ?? {}).length +
    Object.keys(edits.claims ?? {}).length +
    (edits.body !== undefined ? 1 : 0)
  )
}

/** Trace flow kinds → the runner's flow names ("Run this again" from the Flows view). */
export const RUN_FLOW_OF_KIND: Record<string, string> = {
  web_server: 'web-server',
  user_agent: 'user-agent',
  password: 'username-password',
  client_credentials: 'client-credentials',
  jwt_bearer: 'jwt-bearer',
  device: 'device',
  refresh_token: 'refresh',
  token_exchange: 'token-exchange',
}
