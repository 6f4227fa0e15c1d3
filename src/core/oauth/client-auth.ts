import { sfErrors } from '../salesforce/oauth-errors'
import { constantTimeEqual } from '../tokens/random'
import type { Params } from './params'
import { param } from './params'

export interface ClientCredentials {
  clientId: string | undefined
  clientSecret: string | undefined
  method: 'basic' | 'body' | 'none'
}

/**
 * Reads client credentials from `Authorization: Basic` or the body (never both: RFC 6749
 * §2.3 allows one method per request). Basic values are form-decoded after base64 decoding
 * (RFC 6749 §2.3.1).
 */
export function readClientCredentials(
  params: Params,
  authorization: string | undefined,
): ClientCredentials {
  const bodyId = param(params, 'client_id')
  const bodySecret = param(params, 'client_secret')
  if (authorization && /^basic\s/i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) {
      throw sfErrors
        .invalidRequest('invalid basic auth header')
        .because('the Basic credentials have no ":" between client id and secret')
    }
    if (bodySecret !== undefined) {
      throw sfErrors
        .invalidRequest('only one client authentication method is allowed')
        .because('client_secret was sent both in the Authorization header and in the body')
    }
    let clientId: string
    let clientSecret: string
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '))
      clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
    } catch {
      throw sfErrors.invalidRequest('invalid basic auth header').because('bad percent-encoding')
    }
    if (bodyId !== undefined && bodyId !== clientId) {
      throw sfErrors
        .invalidRequest('client_id does not match the Authorization header')
        .because(`body client_id ${bodyId} differs from the Basic client id ${clientId}`)
    }
    return { clientId, clientSecret, method: 'basic' }
  }
  return {
    clientId: bodyId,
    clientSecret: bodySecret,
    method: bodySecret !== undefined ? 'body' : 'none',
  }
}

/** Constant-time comparison of a presented secret with the app's consumer secret. */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  // Compare even when nothing was presented, so timing does not reveal which case it was.
  const ok = constantTimeEqual(presented ?? '', expected)
  return ok && presented !== undefined
}
