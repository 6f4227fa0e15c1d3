import type { RunResponse } from '../../shared/runner-api'

// The hidden fields of the login, consent and device pages (the pending request, the CSRF token).
const HIDDEN_FIELD = /<input[^>]*type="hidden"[^>]*>/gi
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'i')

const decodeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Parameters a redirect carries back to the client, in its query and its fragment. */
export function redirectParams(location: string): Record<string, string> {
  const url = new URL(location)
  const found: Record<string, string> = {}
  for (const [name, value] of url.searchParams) found[name] = value
  for (const [name, value] of new URLSearchParams(url.hash.replace(/^#/, ''))) found[name] = value
  return found
}

function jsonFields(body: string): Record<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return {}
  }
  const found: Record<string, string> = {}
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return found
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') found[name] = String(value)
  }
  return found
}

// Where a page's forms post (`form.login`, `form.consent` …), as a browser reads the action.
const FORM = /<form[^>]*>/gi

function hiddenFields(html: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const form of html.match(FORM) ?? []) {
    const name = ATTRIBUTE('name').exec(form)?.[1]
    const action = ATTRIBUTE('action').exec(form)?.[1]
    if (name && action) found[`form.${name}`] = decodeHtml(action)
  }
  for (const input of html.match(HIDDEN_FIELD) ?? []) {
    const name = ATTRIBUTE('name').exec(input)?.[1]
    const value = ATTRIBUTE('value').exec(input)?.[1]
    if (name && value !== undefined) found[name] = decodeHtml(value)
  }
  return found
}

/**
 * What a response hands on to later steps, the way a client reads it: the parameters of a
 * redirect (code, state, tokens in the fragment), the fields of a JSON answer (tokens, device
 * code, instance URL …) and the hidden fields of an HTML form (the pending request, CSRF).
 * `location` itself is handed on too, for a step that follows a redirect by hand.
 */
export function handsOn(response: RunResponse): Record<string, string> {
  const found: Record<string, string> = {}
  if (response.location) {
    found.location = response.location
    Object.assign(found, redirectParams(response.location))
  }
  const type = response.headers['content-type'] ?? ''
  if (type.includes('json')) Object.assign(found, jsonFields(response.body))
  else if (type.includes('html')) Object.assign(found, hiddenFields(response.body))
  return found
}
