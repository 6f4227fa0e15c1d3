import { compactVerify, decodeJwt, decodeProtectedHeader, importX509 } from 'jose'
import type { JWTPayload, ProtectedHeaderParameters } from 'jose'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { TokenResponse } from '../../tokens/issue'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'
import { param } from '../params'
import { parseScopeParam, resolveScopes } from '../scopes'
import { check, skipped, step, type MaybePromise } from '../steps'
import { checkNotBlocked, traceApp } from '../token/client-steps'
import type { GrantContext, SelfIdentifyingGrant } from '../token/context'
import { decide, decided } from '../token/decide'
import { issueTokens } from './issue'
import {
  ASSERTION_MAX_AGE_MS,
  ASSERTION_SKEW_MS,
  SALESFORCE_AUDIENCES,
  certificateKeyIds,
  matchingAudience,
  numericDateMs,
  shown,
} from './jwt-claims'
import { isoTime } from './text'
import { checkUserActive, checkUserApproved, traceUser } from './user-steps'

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

/** Headers that would let the assertion pick its own verification key: never honoured. */
const KEY_HEADERS = ['jwk', 'jku', 'x5u'] as const

interface Assertion {
  raw: string
  header: ProtectedHeaderParameters
  claims: JWTPayload
}

/** `assertion.format`: a compact JWS whose header and claims decode (unverified so far). */
function readAssertion(ctx: GrantContext): MaybePromise<Assertion> {
  return decide(ctx, 'assertion.format', () => {
    const raw = param(ctx.params, 'assertion')
    if (raw === undefined)
      throw sfErrors.missingParameter('assertion').because('the request has no assertion')
    try {
      const header = decodeProtectedHeader(raw)
      const claims = decodeJwt(raw)
      return decided({ raw, header, claims }, `a JWT with header ${shown(header)}`)
    } catch (err) {
      throw sfErrors
        .invalidAssertion()
        .because(
          `the assertion is not a decodable JWT: ${err instanceof Error ? err.message : String(err)}`,
        )
    }
  })
}

/** `assertion.issuer`: iss is the consumer key of the app asking. */
function findIssuerApp(ctx: GrantContext, assertion: Assertion): MaybePromise<WorkspaceApp> {
  return decide(ctx, 'assertion.issuer', () => {
    const iss = assertion.claims.iss
    if (typeof iss !== 'string' || iss === '') {
      throw sfErrors.invalidClientId().because('the assertion has no iss claim (the consumer key)')
    }
    const app = ctx.engine.store.workspace.findAppByConsumerKey(iss)
    if (!app) throw sfErrors.invalidClientId().because(`no app has consumer key ${shown(iss)}`)
    traceApp(ctx, app)
    const clientId = param(ctx.params, 'client_id')
    const note =
      clientId !== undefined && clientId !== iss
        ? ` (the client_id parameter ${shown(clientId)} is ignored)`
        : ''
    return decided(app, `iss is the consumer key of ${app.name}${note}`)
  })
}

/**
 * `assertion.signature`: RS256 only, verified with the public key of the app's certificate
 * ("Use digital signatures"). The header cannot choose the key: jwk / jku / x5u are refused,
 * nothing is fetched, and a kid must name this certificate (its x5t or x5t#S256).
 */
function verifySignature(
  ctx: GrantContext,
  app: WorkspaceApp,
  assertion: Assertion,
): MaybePromise<void> {
  return check(
    ctx,
    step('assertion.signature', async () => {
      const certificate = app.certificate
      if (!certificate) {
        throw sfErrors
          .invalidClient()
          .because(
            `${app.name} has no certificate ("Use digital signatures" is off), so it cannot use the JWT bearer flow`,
          )
      }
      const { header } = assertion
      if (header.alg !== 'RS256') {
        throw sfErrors
          .invalidAssertion()
          .because(`alg is ${shown(header.alg)}; only RS256 is accepted`)
      }
      const keyHeaders = KEY_HEADERS.filter((name) => header[name] !== undefined)
      if (keyHeaders.length) {
        throw sfErrors
          .invalidAssertion()
          .because(
            `the header carries ${keyHeaders.join(', ')}; only the app's registered certificate is used, nothing is fetched`,
          )
      }
      if (
        header.kid !== undefined &&
        !certificateKeyIds(certificate).includes(String(header.kid))
      ) {
        throw sfErrors
          .invalidAssertion()
          .because(
            `kid ${shown(header.kid)} does not name ${app.name}'s certificate (its x5t or x5t#S256)`,
          )
      }
      const key = await importX509(certificate, 'RS256')
      try {
        await compactVerify(assertion.raw, key, { algorithms: ['RS256'] })
      } catch {
        throw sfErrors
          .invalidAssertion()
          .because(`the RS256 signature does not verify with ${app.name}'s certificate`)
      }
      return `RS256 signature verified with ${app.name}'s certificate`
    }),
  )
}

/** `assertion.audience`: Salesforce's login hosts, or this server's own URL. */
function checkAudience(ctx: GrantContext, assertion: Assertion): MaybePromise<void> {
  return check(
    ctx,
    step('assertion.audience', () => {
      const accepted = [ctx.engine.baseUrl, ...SALESFORCE_AUDIENCES]
      const match = matchingAudience(assertion.claims.aud, accepted)
      if (!match) {
        throw sfErrors
          .audienceInvalid()
          .because(`aud ${shown(assertion.claims.aud)} is none of ${accepted.join(', ')}`)
      }
      return `aud ${match} is accepted`
    }),
  )
}

/** `assertion.expiry`: exp required and not past, nbf and iat not in the future (60 s skew). */
function checkTimes(ctx: GrantContext, assertion: Assertion): MaybePromise<number> {
  return decide(ctx, 'assertion.expiry', () => {
    const { claims } = assertion
    const now = ctx.now
    const exp = numericDateMs(claims.exp)
    if (exp === undefined) {
      throw sfErrors
        .invalidAssertion()
        .because(
          claims.exp === undefined
            ? 'the assertion has no exp'
            : `exp ${shown(claims.exp)} is not a date`,
        )
    }
    if (exp + ASSERTION_SKEW_MS < now) {
      throw sfErrors
        .invalidAssertion()
        .because(`expired at ${isoTime(exp)}; now is ${isoTime(now)} (60 s skew allowed)`)
    }
    if (claims.nbf !== undefined) {
      const nbf = numericDateMs(claims.nbf)
      if (nbf === undefined)
        throw sfErrors.invalidAssertion().because(`nbf ${shown(claims.nbf)} is not a date`)
      if (nbf - ASSERTION_SKEW_MS > now) {
        throw sfErrors
          .invalidAssertion()
          .because(`not valid before ${isoTime(nbf)}; now is ${isoTime(now)}`)
      }
    }
    if (claims.iat !== undefined) {
      const iat = numericDateMs(claims.iat)
      if (iat === undefined)
        throw sfErrors.invalidAssertion().because(`iat ${shown(claims.iat)} is not a date`)
      if (iat - ASSERTION_SKEW_MS > now) {
        throw sfErrors
          .invalidAssertion()
          .because(`issued in the future (${isoTime(iat)}); now is ${isoTime(now)}`)
      }
      if (now - iat > ASSERTION_MAX_AGE_MS) {
        throw sfErrors.invalidAssertion().because(`issued at ${isoTime(iat)}, more than a day ago`)
      }
    }
    return decided(exp, `valid until ${isoTime(exp)}; now is ${isoTime(now)}`)
  })
}

/** `assertion.subject`: sub is the username of the user the token is for. */
function findSubject(ctx: GrantContext, assertion: Assertion): MaybePromise<WorkspaceUser> {
  return decide(ctx, 'assertion.subject', () => {
    const sub = assertion.claims.sub
    if (typeof sub !== 'string' || sub === '') {
      throw sfErrors.invalidAssertion().because('the assertion has no sub claim (the username)')
    }
    const user = ctx.engine.store.workspace.findUserByUsername(sub)
    if (!user) throw sfErrors.invalidAssertion().because(`no user has username ${shown(sub)}`)
    traceUser(ctx, user)
    return decided(user, `sub is user ${user.username}`)
  })
}

/** `scope.allowed`: omitted means every scope selected on the app. */
function resolveScopesStep(ctx: GrantContext, app: WorkspaceApp): MaybePromise<string[]> {
  return decide(ctx, 'scope.allowed', () => {
    const scopes = resolveScopes(app, parseScopeParam(param(ctx.params, 'scope')))
    return decided(scopes, `scopes: ${scopes.join(' ') || 'none'}`)
  })
}

/**
 * `assertion.replay`: a jti is usable once until the assertion expires (kept past exp by the
 * skew, so a replay inside the skew is caught too). Checked last, so a request that fails
 * for another reason does not use the jti up.
 */
function checkReplay(
  ctx: GrantContext,
  app: WorkspaceApp,
  assertion: Assertion,
  expMs: number,
): MaybePromise<void> {
  return check(
    ctx,
    step('assertion.replay', () => {
      const jti = assertion.claims.jti
      if (jti === undefined)
        return skipped('the assertion has no jti, so replays cannot be told apart')
      const fresh = ctx.engine.oauth.store.useJti(
        app.consumerKey,
        String(jti),
        expMs + ASSERTION_SKEW_MS,
        ctx.now,
      )
      if (!fresh) throw sfErrors.invalidAssertion().because(`jti ${shown(jti)} was already used`)
      return `jti ${shown(jti)} is used for the first time`
    }),
  )
}

async function exchangeAssertion(ctx: GrantContext): Promise<TokenResponse> {
  const assertion = await readAssertion(ctx)
  const app = await findIssuerApp(ctx, assertion)
  await checkNotBlocked(ctx, app)
  await verifySignature(ctx, app, assertion)
  await checkAudience(ctx, assertion)
  const expMs = await checkTimes(ctx, assertion)
  const user = await findSubject(ctx, assertion)
  await checkUserActive(ctx, user)
  await checkUserApproved(ctx, app, user, 'consent')
  const scopes = await resolveScopesStep(ctx, app)
  await checkReplay(ctx, app, assertion, expMs)
  const issued = await issueTokens(ctx, {
    app,
    user,
    scopes,
    refreshToken: false,
    signature: false,
    issuedAt: false,
    idToken: false,
    flow: 'jwt_bearer',
  })
  return issued.response
}

export const jwtBearerGrant: SelfIdentifyingGrant = {
  grantType: JWT_BEARER,
  client: 'assertion',
  handle: exchangeAssertion,
}
