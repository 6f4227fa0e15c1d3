// Small request helpers for the probes each scenario makes before its load run (a real answer
// of the expected shape first, and a refusal where credentials are involved).

export const basic = (id, secret) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64')

export const formBody = (fields) => new URLSearchParams(fields).toString()

export const FORM = 'application/x-www-form-urlencoded'

/** One request; resolves to { status, json, text } (json is null when the body is not JSON). */
export async function call(baseUrl, { method = 'GET', path, headers = {}, body }) {
  const response = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' })
  const text = await response.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: response.status, json, text }
}

/** A compact JWS has three base64url parts; an opaque Salesforce token has none of that shape. */
export function isJwt(value) {
  return typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)
}

/** The JOSE header of a compact JWS. */
export function jwtHeader(value) {
  return JSON.parse(Buffer.from(value.split('.')[0], 'base64url').toString())
}
