/**
 * Breaking signatures on purpose (`corruptSignature`): the token response's `signature`
 * (HMAC of id + issued_at, standard base64) and the signature part of every JWT in it
 * (id_token, JWT access tokens). One character early in each is replaced: a character near
 * the end of base64 may only carry padding bits, so changing it could leave the bytes as
 * they were.
 */

function swapChar(text: string, index: number): string {
  if (text.length === 0) return text
  const at = Math.min(index, text.length - 1)
  const replacement = text[at] === 'A' ? 'B' : 'A'
  return text.slice(0, at) + replacement + text.slice(at + 1)
}

/** Whether the text is a compact JWS: three parts, a JSON header naming an algorithm. */
function isJws(parts: string[]): boolean {
  if (parts.length !== 3 || parts[2] === '') return false
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown
    return typeof header === 'object' && header !== null && 'alg' in header
  } catch {
    return false
  }
}

/**
 * A compact JWS with its signature changed; anything else (an opaque token, which may hold
 * dots too) is returned as is.
 */
export function corruptJwt(token: string): string {
  const parts = token.split('.')
  if (!isJws(parts)) return token
  return `${parts[0]}.${parts[1]}.${swapChar(parts[2]!, 0)}`
}

export interface CorruptedBody {
  body: string
  /** The fields whose signatures were broken. */
  fields: string[]
}

/** Corrupts a JSON token response; a body that is not one comes back unchanged. */
export function corruptTokenResponse(payload: string): CorruptedBody {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch {
    return { body: payload, fields: [] }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { body: payload, fields: [] }
  }
  const response = { ...(parsed as Record<string, unknown>) }
  const fields: string[] = []
  if (typeof response.signature === 'string') {
    response.signature = swapChar(response.signature, 0)
    fields.push('signature')
  }
  for (const name of ['id_token', 'access_token']) {
    const value = response[name]
    if (typeof value !== 'string') continue
    const broken = corruptJwt(value)
    if (broken !== value) {
      response[name] = broken
      fields.push(name)
    }
  }
  return { body: fields.length ? JSON.stringify(response) : payload, fields }
}
