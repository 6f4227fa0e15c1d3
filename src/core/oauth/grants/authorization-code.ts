import { sfErrors } from '../../salesforce/oauth-errors'
import type { AuthCodeRow } from '../../store/oauth-store'
import type { TokenResponse } from '../../tokens/issue'
import { newGrantId, sha256Hex } from '../../tokens/random'
import { param } from '../params'
import { grantsRefreshToken } from '../scopes'
import { check, skipped, step, type MaybePromise } from '../steps'
import type { ClientAuthenticatedGrant, ClientGrantContext } from '../token/context'
import { decide, decided } from '../token/decide'
import { issueTokens } from './issue'
import { s256Matches, verifierSyntaxProblem } from './pkce'
import { appLabel, isoTime, splitScopes } from './text'
import { checkUserApproved, requireActiveUser } from './user-steps'

/**
 * `code.redeem`: consume-once. Unknown, expired and reused codes all get Salesforce's
 * "expired authorization code"; a reused code also revokes everything its first redemption
 * issued (RFC 6749 §4.1.2, security case 14), because a second use means it leaked.
 */
function redeem(ctx: ClientGrantContext): MaybePromise<AuthCodeRow> {
  return decide(ctx, 'code.redeem', () => {
    const raw = param(ctx.params, 'code')
    if (raw === undefined)
      throw sfErrors.missingParameter('code').because('the request has no code')
    const { store } = ctx.engine.oauth
    const result = store.consumeCode(sha256Hex(raw), ctx.now)
    if (result.status === 'unknown') {
      throw sfErrors
        .expiredAuthorizationCode()
        .because('no authorization code with this value was issued')
    }
    const code = result.code
    if (result.status === 'reused') {
      const grantId = code.grant_id
      if (grantId) {
        store.revokeGrant(grantId, ctx.now, 'authorization code reused')
        ctx.trace.grantId = grantId
      }
      throw sfErrors
        .expiredAuthorizationCode()
        .because(
          `this code was already redeemed at ${isoTime(code.used_at)}; ` +
            (grantId
              ? `revoked grant ${grantId} and every token issued from it`
              : 'its first redemption issued no tokens'),
        )
    }
    if (code.expires_at <= ctx.now) {
      throw sfErrors
        .expiredAuthorizationCode()
        .because(`the code expired at ${isoTime(code.expires_at)}; now is ${isoTime(ctx.now)}`)
    }
    return decided(
      code,
      `code issued at ${isoTime(code.created_at)}, valid until ${isoTime(code.expires_at)}; now used`,
    )
  })
}

/** `code.client`: a code is only good for the app it was issued to (security case 15). */
function checkCodeClient(ctx: ClientGrantContext, code: AuthCodeRow): MaybePromise<void> {
  return check(
    ctx,
    step('code.client', () => {
      if (code.app_key !== ctx.app.consumerKey) {
        throw sfErrors
          .expiredAuthorizationCode()
          .because(
            `the code was issued to ${appLabel(ctx.engine, code.app_key)}, presented by ${ctx.app.name}`,
          )
      }
      return `the code was issued to ${ctx.app.name}`
    }),
  )
}

/** `code.redirect_uri`: byte-identical to what /authorize got (security case 16). */
function checkRedirectUri(ctx: ClientGrantContext, code: AuthCodeRow): MaybePromise<void> {
  return check(
    ctx,
    step('code.redirect_uri', () => {
      const presented = param(ctx.params, 'redirect_uri')
      if (presented !== code.redirect_uri) {
        throw sfErrors
          .codeRedirectUriMismatch()
          .because(
            presented === undefined
              ? `no redirect_uri was sent; the authorization request used ${code.redirect_uri}`
              : `redirect_uri ${presented} differs from ${code.redirect_uri}, the one the authorization request used`,
          )
      }
      return `redirect_uri equals the authorization request's: ${presented}`
    }),
  )
}

/**
 * `pkce.verify`: S256 only. Salesforce: a verifier that does not match is invalid_request; a
 * missing one is invalid_grant. A verifier for a code that had no challenge is refused too
 * (a downgrade, security case 19).
 */
function verifyPkce(ctx: ClientGrantContext, code: AuthCodeRow): MaybePromise<void> {
  return check(
    ctx,
    step('pkce.verify', () => {
      const verifier = param(ctx.params, 'code_verifier')
      const challenge = code.code_challenge
      if (!challenge) {
        if (verifier !== undefined) {
          throw sfErrors
            .invalidCodeVerifier()
            .because(
              'a code_verifier was sent, but the authorization request had no code_challenge (PKCE downgrade)',
            )
        }
        if (ctx.app.requirePkce) {
          throw sfErrors
            .invalidCodeVerifier()
            .because(
              `${ctx.app.name} requires PKCE, and the authorization request had no code_challenge`,
            )
        }
        return skipped('no code_challenge at /authorize and no code_verifier now: PKCE not used')
      }
      if (verifier === undefined) {
        throw sfErrors
          .invalidCodeVerifier()
          .because(
            'the authorization request had a code_challenge; the token request has no code_verifier',
          )
      }
      const method = code.code_challenge_method ?? 'S256'
      if (method !== 'S256') {
        throw sfErrors
          .invalidCodeVerifier()
          .because(`code_challenge_method ${method} is not supported; only S256 is`)
      }
      const problem = verifierSyntaxProblem(verifier)
      if (problem) throw sfErrors.invalidCodeVerifier().because(problem)
      if (!s256Matches(verifier, challenge)) {
        throw sfErrors
          .codeVerifierMismatch()
          .because(
            'BASE64URL(SHA-256(code_verifier)) differs from the code_challenge sent to /authorize',
          )
      }
      return `S256 of the ${verifier.length}-character code_verifier equals the code_challenge`
    }),
  )
}

async function exchangeCode(ctx: ClientGrantContext): Promise<TokenResponse> {
  const code = await redeem(ctx)
  await checkCodeClient(ctx, code)
  await checkRedirectUri(ctx, code)
  await verifyPkce(ctx, code)
  const user = await requireActiveUser(ctx, code.user_id)
  await checkUserApproved(ctx, ctx.app, user, 'grant')

  const scopes = splitScopes(code.scopes)
  // The grant row exists and is linked to the code before any token does, so a reuse of
  // the code at any moment finds what to revoke.
  const grantId = newGrantId(ctx.now)
  const { store } = ctx.engine.oauth
  store.createGrant({
    id: grantId,
    app_key: ctx.app.consumerKey,
    user_id: user.id,
    scopes: scopes.join(' '),
    flow: 'web_server',
    created_at: ctx.now,
  })
  store.setCodeGrant(code.code_hash, grantId)

  const issued = await issueTokens(ctx, {
    app: ctx.app,
    user,
    scopes,
    refreshToken: grantsRefreshToken(scopes),
    signature: true,
    issuedAt: true,
    idToken: { nonce: code.nonce ?? undefined },
    grantId,
    flow: 'web_server',
  })
  return issued.response
}

export const authorizationCodeGrant: ClientAuthenticatedGrant = {
  grantType: 'authorization_code',
  client: 'authenticated',
  secretRule: (app) =>
    app.requireSecretForWebServerFlow
      ? { required: true, why: `${app.name} requires the secret for the web server flow` }
      : { required: false, why: `${app.name} has "Require Secret for Web Server Flow" off` },
  handle: exchangeCode,
}
