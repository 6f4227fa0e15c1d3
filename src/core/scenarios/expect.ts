import { isDeepStrictEqual } from 'node:util'
import type { DecodedJwt, StepRecord } from '../../shared/admin-api'
import type { RunStep } from '../../shared/runner-api'
import type { Expect, Matcher } from './schema'

/**
 * The expectation matcher: what one exchange answered (an Observation) against what a
 * scenario says it must answer (an Expect), field by field, each with expected / got.
 */

/** What one exchange answered, as the scenario runner saw it. */
export interface Observation {
  status: number
  headers: Record<string, string>
  body: string
  /** The Location header, resolved (never followed). */
  location: string | null
  outcome?: 'ok' | 'failed'
  failedStep?: string
  /** The server's named steps (the Why). */
  why?: StepRecord[]
  jwts?: DecodedJwt[]
  exchangeId?: number
}

export interface ExpectationResult {
  /** `status`, `error_description`, `body.access_token`, `jwt.id_token.aud` … */
  field: string
  expected: string
  got: string
  pass: boolean
}

export const ABSENT = '(absent)'

export function observationOf(step: RunStep): Observation {
  return {
    status: step.response?.status ?? 0,
    headers: step.response?.headers ?? {},
    body: step.response?.body ?? '',
    location: step.response?.location ?? null,
    ...(step.outcome ? { outcome: step.outcome } : {}),
    ...(step.failedStep ? { failedStep: step.failedStep } : {}),
    ...(step.why ? { why: step.why } : {}),
    ...(step.jwts ? { jwts: step.jwts } : {}),
    ...(step.exchangeId !== undefined ? { exchangeId: step.exchangeId } : {}),
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The parameters of a redirect, query and fragment, as a client reads them. */
export function redirectParams(location: string | null): Record<string, string> {
  if (!location) return {}
  try {
    const url = new URL(location)
    const found: Record<string, string> = Object.fromEntries(url.searchParams)
    for (const [name, value] of new URLSearchParams(url.hash.slice(1))) found[name] = value
    return found
  } catch {
    return {}
  }
}

/**
 * The OAuth error of an answer wherever Salesforce puts it: the JSON body, the error
 * redirect's parameters, or a plain-text page of form-encoded `error=…`.
 */
export function oauthError(obs: Observation): { error?: string; error_description?: string } {
  const json = parseJson(obs.body)
  if (json && typeof json === 'object' && !Array.isArray(json) && 'error' in json) {
    const { error, error_description } = json as Record<string, unknown>
    return {
      ...(typeof error === 'string' ? { error } : {}),
      ...(typeof error_description === 'string' ? { error_description } : {}),
    }
  }
  const redirect = redirectParams(obs.location)
  if (redirect.error !== undefined) {
    return {
      error: redirect.error,
      ...(redirect.error_description !== undefined
        ? { error_description: redirect.error_description }
        : {}),
    }
  }
  const text = obs.body.trim()
  if (/^error=/.test(text) && !text.includes('\n')) {
    const params = new URLSearchParams(text)
    return {
      error: params.get('error') ?? undefined,
      ...(params.has('error_description')
        ? { error_description: params.get('error_description')! }
        : {}),
    }
  }
  return {}
}

/** The REST API's error (the first of the array). */
export function restError(obs: Observation): { errorCode?: string; message?: string } {
  const json = parseJson(obs.body)
  const first = Array.isArray(json) ? (json[0] as Record<string, unknown> | undefined) : undefined
  if (!first || typeof first !== 'object') return {}
  return {
    ...(typeof first.errorCode === 'string' ? { errorCode: first.errorCode } : {}),
    ...(typeof first.message === 'string' ? { message: first.message } : {}),
  }
}

/** `records.0.Name` in a JSON value; undefined when a part is missing. */
export function atPath(value: unknown, path: string): unknown {
  let current = value
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

export function describeMatcher(matcher: Matcher): string {
  if (matcher !== null && typeof matcher === 'object') {
    if ('regex' in matcher) return `/${matcher.regex}/${matcher.flags ?? ''}`
    if ('present' in matcher) return matcher.present ? '(present)' : ABSENT
    return JSON.stringify(matcher.equals)
  }
  return JSON.stringify(matcher)
}

export function describeValue(value: unknown): string {
  return value === undefined ? ABSENT : JSON.stringify(value)
}

export function matches(matcher: Matcher, got: unknown): boolean {
  if (matcher !== null && typeof matcher === 'object') {
    if ('regex' in matcher) {
      if (typeof got !== 'string' && typeof got !== 'number') return false
      return new RegExp(matcher.regex, matcher.flags).test(String(got))
    }
    if ('present' in matcher) return (got !== undefined) === matcher.present
    return isDeepStrictEqual(got, matcher.equals)
  }
  return got === matcher
}

function one(field: string, matcher: Matcher, got: unknown): ExpectationResult {
  return {
    field,
    expected: describeMatcher(matcher),
    got: describeValue(got),
    pass: matches(matcher, got),
  }
}

function findJwt(obs: Observation, kind: string): DecodedJwt | undefined {
  const all = (obs.jwts ?? []).filter((jwt) => jwt.kind === kind)
  return all.find((jwt) => jwt.location.startsWith('response')) ?? all[0]
}

/** Checks every field the expectation names, in a fixed order. */
export function checkExpect(expect: Expect, obs: Observation): ExpectationResult[] {
  const results: ExpectationResult[] = []
  if (expect.status !== undefined) results.push(one('status', expect.status, obs.status))
  if (expect.outcome !== undefined) results.push(one('outcome', expect.outcome, obs.outcome))
  const oauth = oauthError(obs)
  if (expect.error !== undefined) results.push(one('error', expect.error, oauth.error))
  if (expect.error_description !== undefined) {
    results.push(one('error_description', expect.error_description, oauth.error_description))
  }
  const rest = restError(obs)
  if (expect.errorCode !== undefined)
    results.push(one('errorCode', expect.errorCode, rest.errorCode))
  if (expect.message !== undefined) results.push(one('message', expect.message, rest.message))
  if (expect.failedStep !== undefined) {
    results.push(one('failedStep', expect.failedStep, obs.failedStep))
  }
  if (expect.body) {
    const json = parseJson(obs.body)
    for (const [path, matcher] of Object.entries(expect.body)) {
      results.push(one(`body.${path}`, matcher, atPath(json, path)))
    }
  }
  if (expect.text !== undefined) results.push(one('text', expect.text, obs.body))
  if (expect.headers) {
    for (const [name, matcher] of Object.entries(expect.headers)) {
      results.push(one(`headers.${name.toLowerCase()}`, matcher, obs.headers[name.toLowerCase()]))
    }
  }
  if (expect.redirect) {
    const params = redirectParams(obs.location)
    for (const [name, matcher] of Object.entries(expect.redirect)) {
      results.push(one(`redirect.${name}`, matcher, params[name]))
    }
  }
  if (expect.jwt) {
    for (const [kind, claims] of Object.entries(expect.jwt)) {
      const jwt = findJwt(obs, kind)
      for (const [claim, matcher] of Object.entries(claims)) {
        results.push(
          one(`jwt.${kind}.${claim}`, matcher, jwt ? atPath(jwt.claims, claim) : undefined),
        )
      }
    }
  }
  return results
}

/**
 * The Why of an exchange in a few lines: the names of the steps that passed on one line,
 * then each failing (or skipped) step with its detail and the error it produced.
 */
export function whyLines(obs: Observation): string[] {
  const why = obs.why ?? []
  if (why.length === 0) return [`(no named steps recorded; HTTP ${obs.status})`]
  const lines: string[] = []
  const passed = why.filter((step) => step.outcome === 'passed').map((step) => step.name)
  if (passed.length) lines.push(`✓ ${passed.join(', ')}`)
  for (const step of why) {
    if (step.outcome === 'passed') continue
    const mark = step.outcome === 'failed' ? '✗' : '-'
    const error = step.error
      ? ` → ${step.error.status} ${step.error.error}: ${step.error.error_description}`
      : ''
    lines.push(`${mark} ${step.name}: ${step.detail}${error}`)
  }
  return lines
}
