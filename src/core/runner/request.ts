import type { RunRequest, RunResponse, RunStepEdits } from '../../shared/runner-api'
import type { PlannedRequest, RunContext } from './flow-def'

/** A step's request with the user's edits applied, ready to send (and to show). */
export async function materialize(
  planned: PlannedRequest,
  ctx: RunContext,
  edits: RunStepEdits,
  defaultHeaders: Record<string, string>,
): Promise<RunRequest> {
  const params: Record<string, string> = { ...planned.params }
  let claims: Record<string, unknown> | undefined
  if (planned.claims && planned.claimsParam) {
    claims = { ...planned.claims }
    for (const [name, value] of Object.entries(edits.claims ?? {})) {
      if (value === null) delete claims[name]
      else claims[name] = value
    }
    params[planned.claimsParam] = await ctx.signAssertion(claims)
  }
  for (const [name, value] of Object.entries(edits.params ?? {})) params[name] = value
  for (const name of edits.removeParams ?? []) delete params[name]

  const headers: Record<string, string> = { ...defaultHeaders, ...(planned.headers ?? {}) }
  if (planned.paramLocation === 'form')
    headers['content-type'] = 'application/x-www-form-urlencoded'
  // Header names are case-insensitive: an edit replaces whatever spelling was there.
  for (const [name, value] of Object.entries(edits.headers ?? {})) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing]
    }
    if (value !== null) headers[name.toLowerCase()] = value
  }

  const url = new URL(planned.path, ctx.baseUrl)
  const encoded = new URLSearchParams(params).toString()
  let body: string | null = null
  if (planned.paramLocation === 'query') url.search = encoded
  else if (planned.paramLocation === 'form') body = encoded
  if (edits.body !== undefined) body = edits.body

  return {
    method: planned.method,
    url: url.toString(),
    headers,
    params,
    paramLocation: planned.paramLocation,
    body,
    ...(claims ? { claims, claimsParam: planned.claimsParam } : {}),
  }
}

/**
 * Sends one request the way a client on the wire would: no redirect followed (a redirect's
 * Location is read, as a native app reads its callback), the body as text.
 */
export async function sendRequest(request: RunRequest, signal?: AbortSignal): Promise<RunResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'GET' || request.body === null ? undefined : request.body,
    redirect: 'manual',
    signal,
  })
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies.join('\n')
  const body = await response.text()
  const raw = response.headers.get('location')
  return {
    status: response.status,
    headers,
    body,
    location: raw ? new URL(raw, request.url).toString() : null,
  }
}
