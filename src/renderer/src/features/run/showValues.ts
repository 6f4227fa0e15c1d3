/** A long value shortened in the middle: a person recognises a token, they do not read it. */
export function shortValue(value: string): string {
  return value.length > 40 ? `${value.slice(0, 18)}…${value.slice(-8)}` : value
}

/** Parameters that tell the story of a step; the rest stay in the normal view. */
const KEY_PARAMS = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'code_challenge',
  'grant_type',
  'code',
  'code_verifier',
  'client_secret',
  'username',
  'password',
  'refresh_token',
  'assertion',
  'decision',
  'user_code',
  'device_code',
  'subject_token',
  'token',
  'q',
])

/** What a step hands on that an audience should see (tokens, codes, the error). */
const HANDED_ON = new Set([
  'code',
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
  'user_code',
  'error',
  'error_description',
])

const SECRET = /secret|token|assertion|verifier|^code$/

/**
 * A value as a projector shows it: a password as dots, long secrets and ids shortened in the
 * middle (people recognise the start and the end of a token, they do not read it).
 */
export function presentedValue(name: string, value: string): string {
  if (name === 'password') return '•'.repeat(Math.min(value.length, 10))
  if (SECRET.test(name) || value.length > 44) return shortValue(value)
  return value
}

export function keyParams(params: Record<string, string> | undefined): [string, string][] {
  return Object.entries(params ?? {}).filter(([name]) => KEY_PARAMS.has(name))
}

/** What a step handed on worth showing; `state` too where there is room for it. */
export function handedOn(
  handsOn: Record<string, string> | undefined,
  withState = false,
): [string, string][] {
  return Object.entries(handsOn ?? {}).filter(
    ([name]) => HANDED_ON.has(name) || (withState && name === 'state'),
  )
}
