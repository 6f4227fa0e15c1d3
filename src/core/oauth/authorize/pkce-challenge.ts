import { sfErrors } from '../../salesforce/oauth-errors'
import { skipped, step } from '../steps'
import { established, type ValidationContext } from './context'

/** base64url(SHA-256(verifier)) is always 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/

/**
 * PKCE at the authorization endpoint. Only S256 is advertised, so `plain` is refused; a
 * missing method means S256 (Salesforce's rule: jsforce never sends the method). An app
 * that requires PKCE, or a public one (no secret for the web server flow, so nothing else
 * binds the code to the client), must send a challenge (security cases 20, 21).
 */
export const pkceChallenge = step<ValidationContext>('pkce.challenge', (ctx) => {
  const app = established(ctx.app, 'the app')
  if (ctx.responseType !== 'code') {
    ctx.pkce = null
    return skipped('PKCE binds an authorization code; the user-agent flow has none')
  }
  const { codeChallenge, codeChallengeMethod } = ctx.params
  const reasonRequired = app.requirePkce
    ? `app ${app.name} has "Require PKCE" on`
    : !app.requireSecretForWebServerFlow
      ? `app ${app.name} needs no secret for the web server flow (a public client), so PKCE is required`
      : undefined

  if (codeChallengeMethod !== undefined && codeChallengeMethod !== 'S256') {
    throw sfErrors
      .invalidRequest('unsupported code challenge method')
      .because(`code_challenge_method is "${codeChallengeMethod}"; only S256 is supported`)
  }
  if (codeChallenge === undefined) {
    if (reasonRequired) {
      throw sfErrors
        .invalidRequest('missing required code challenge')
        .because(`no code_challenge was sent; ${reasonRequired}`)
    }
    if (codeChallengeMethod !== undefined) {
      throw sfErrors
        .invalidRequest('missing required code challenge')
        .because('code_challenge_method was sent without a code_challenge')
    }
    ctx.pkce = null
    return skipped(`no code_challenge sent, and app ${app.name} does not require PKCE`)
  }
  if (!S256_CHALLENGE.test(codeChallenge)) {
    throw sfErrors
      .invalidRequest('invalid code challenge')
      .because(
        `code_challenge has ${codeChallenge.length} characters; an S256 challenge is exactly 43 base64url characters`,
      )
  }
  ctx.pkce = { challenge: codeChallenge, method: 'S256' }
  return codeChallengeMethod
    ? 'S256 code_challenge of 43 base64url characters'
    : 'code_challenge of 43 base64url characters; no code_challenge_method, so S256 is assumed'
})
