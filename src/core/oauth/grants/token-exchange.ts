import { sfErrors } from '../../salesforce/oauth-errors'
import { describePreAuthorization, isPreAuthorized } from '../../policy/permitted-users'
import { signAssetToken } from '../../tokens/asset-token'
import { identityUrl, type TokenResponse } from '../../tokens/issue'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'
import { readClientCredentials } from '../client-auth'
import { param } from '../params'
import { grantsRefreshToken, parseScopeParam } from '../scopes'
import { check, skipped, step, type MaybePromise } from '../steps'
import { checkNotBlocked, checkSecret, lookupClient, traceApp } from '../token/client-steps'
import type { ClientAuthenticatedGrant, GrantContext, SelfIdentifyingGrant } from '../token/context'
import { decide, decided } from '../token/decide'
import { readActorToken, type ActorToken } from './exchange-actor'
import {
  TOKEN_TYPE,
  verifySubjectToken,
  type SubjectKind,
  type SubjectToken,
} from './exchange-subject'
import { issueTokens } from './issue'
import { appLabel } from './text'
import { checkUserActive, traceUser } from './user-steps'

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'

const SUBJECT_KINDS: Readonly<Record<string, SubjectKind>> = {
  [TOKEN_TYPE.access_token]: 'access_token',
  [TOKEN_TYPE.refresh_token]: 'refresh_token',
  [TOKEN_TYPE.id_token]: 'id_token',
  [TOKEN_TYPE.jwt]: 'jwt',
}

const REFRESH_SYNONYMS = ['refresh_token', 'offline_access']

/**
 * Salesforce's "Require secret for Token Exchange Flow" is not a workspace setting: the
 * secret is required unless the app is a public client (no secret for the web server flow).
 */
const secretRule: ClientAuthenticatedGrant['secretRule'] = (app) =>
  app.requireSecretForWebServerFlow
    ? {
        required: true,
        why: `${app.name} is a confidential client: token exchange needs its secret`,
      }
    : {
        required: false,
        why: `${app.name} is a public client ("Require Secret for Web Server Flow" off): no secret`,
      }

interface ExchangeRequest {
  kind: SubjectKind
  subjectToken: string
  actorToken?: string
}

/** `exchange.request`: the parameters RFC 8693 §2.1 and Salesforce (§4.8) require. */
function readRequest(ctx: GrantContext): MaybePromise<ExchangeRequest> {
  return decide(ctx, 'exchange.request', () => {
    const subjectToken = param(ctx.params, 'subject_token')
    if (subjectToken === undefined) {
      throw sfErrors.missingParameter('subject_token').because('the request has no subject_token')
    }
    const type = param(ctx.params, 'subject_token_type')
    if (type === undefined) {
      throw sfErrors
        .missingParameter('subject_token_type')
        .because('the request has no subject_token_type')
    }
    const kind = SUBJECT_KINDS[type]
    if (!kind) {
      throw sfErrors
        .unsupportedTokenType()
        .because(
          `subject_token_type ${type} is not one Gatehouse exchanges (${Object.keys(SUBJECT_KINDS).join(', ')})`,
        )
    }
    const actorToken = param(ctx.params, 'actor_token')
    const actorType = param(ctx.params, 'actor_token_type')
    if (actorToken !== undefined && actorType !== TOKEN_TYPE.jwt) {
      throw sfErrors
        .invalidActorToken()
        .because(
          `actor_token_type is ${actorType ?? 'missing'}; the asset token flow's actor token is a JWT (${TOKEN_TYPE.jwt})`,
        )
    }
    if (actorToken === undefined && actorType !== undefined) {
      throw sfErrors
        .missingParameter('actor_token')
        .because('actor_token_type was sent without actor_token')
    }
    if (actorToken !== undefined && kind !== 'access_token') {
      throw sfErrors
        .invalidRequest('asset tokens are issued for access tokens only')
        .because(`the asset token flow exchanges an access token; subject_token_type is ${type}`)
    }
    const requested = param(ctx.params, 'requested_token_type')
    const issuable = actorToken !== undefined ? TOKEN_TYPE.jwt : TOKEN_TYPE.access_token
    if (requested !== undefined && requested !== issuable) {
      throw sfErrors
        .unsupportedRequestedTokenType()
        .because(`requested_token_type ${requested}; this exchange issues ${issuable}`)
    }
    return decided(
      { kind, subjectToken, actorToken },
      actorToken !== undefined
        ? `asset token request: an access token and a device's actor token (JWT)`
        : `exchange a ${kind.replace('_', ' ')} for an access token`,
    )
  })
}

/**
 * Client authentication when client_id is sent (body or Basic). Only an asset token request
 * may leave it out (undefined: its access token names the app).
 */
async function authenticateIfNamed(
  ctx: GrantContext,
  request: ExchangeRequest,
): Promise<WorkspaceApp | undefined> {
  const { clientId } = readClientCredentials(ctx.params, ctx.request.headers.authorization)
  if (clientId === undefined && request.actorToken !== undefined) return undefined
  const client = await lookupClient(ctx, ctx.params)
  await checkNotBlocked(ctx, client.app)
  await checkSecret(ctx, { secretRule } as ClientAuthenticatedGrant, client)
  return client.app
}

/**
 * Without a client_id, only the asset token flow may go on: its access token names the app
 * (Salesforce's asset token request carries no client credentials, [D19]).
 */
async function appFromSubject(ctx: GrantContext, subject: SubjectToken): Promise<WorkspaceApp> {
  const app = await decide(ctx, 'client.lookup', () => {
    if (subject.appKey === undefined) {
      throw sfErrors
        .invalidClientId()
        .because('no client_id was sent, and the access token names no app')
    }
    const found = ctx.engine.store.workspace.findAppByConsumerKey(subject.appKey)
    if (!found) {
      throw sfErrors
        .invalidClientId()
        .because(`the access token's app ${subject.appKey} is no longer in the workspace`)
    }
    traceApp(ctx, found)
    return decided(
      found,
      `no client_id: the asset token request is for ${found.name}, the app its access token was issued to`,
    )
  })
  await checkNotBlocked(ctx, app)
  await check(
    ctx,
    step('client.secret', () => skipped('the access token authenticates the request for its app')),
  )
  return app
}

/** `token_exchange.enabled`: the app's "Enable Token Exchange Flow". */
function checkEnabled(ctx: GrantContext, app: WorkspaceApp): MaybePromise<void> {
  return check(
    ctx,
    step('token_exchange.enabled', () => {
      if (!app.tokenExchange.enabled) {
        throw sfErrors
          .tokenExchangeDisabled()
          .because(
            `the token exchange flow is not enabled on ${app.name} (tokenExchange.enabled is false)`,
          )
      }
      return `the token exchange flow is enabled on ${app.name}`
    }),
  )
}

/** `subject_token.client`: a token of this org is exchanged only by the app it was issued to. */
function checkSubjectClient(
  ctx: GrantContext,
  app: WorkspaceApp,
  subject: SubjectToken,
): MaybePromise<void> {
  return check(
    ctx,
    step('subject_token.client', () => {
      if (subject.appKey === undefined) {
        return skipped(`a JWT from ${app.name}'s identity provider, verified with its certificate`)
      }
      if (subject.appKey !== app.consumerKey) {
        throw sfErrors
          .invalidSubjectToken()
          .because(
            `the subject token was issued to ${appLabel(ctx.engine, subject.appKey)}, not to ${app.name}`,
          )
      }
      return `the subject token was issued to ${app.name}`
    }),
  )
}

/** `exchange.audience`: `audience` / `resource` may only name this org (RFC 8693 invalid_target). */
function checkAudience(ctx: GrantContext): MaybePromise<void> {
  return check(
    ctx,
    step('exchange.audience', () => {
      const base = ctx.engine.baseUrl
      const audience = param(ctx.params, 'audience')
      const resource = param(ctx.params, 'resource')
      if (audience === undefined && resource === undefined)
        return skipped('no audience or resource named')
      const accepted = [base, `${base}/services/oauth2/token`]
      if (audience !== undefined && !accepted.includes(audience)) {
        throw sfErrors
          .invalidTarget()
          .because(`audience ${audience} is not this org (${accepted.join(' or ')})`)
      }
      if (resource !== undefined && resource !== base && !resource.startsWith(`${base}/`)) {
        throw sfErrors.invalidTarget().because(`resource ${resource} is not on this org (${base})`)
      }
      return `the tokens are for this org (${[audience, resource].filter(Boolean).join(', ')})`
    }),
  )
}

/**
 * `user.approved`: an admin-approved app accepts only pre-authorized users. Self-authorize
 * apps have no consent step in this flow: the subject token is the user's say-so.
 */
function checkApproved(
  ctx: GrantContext,
  app: WorkspaceApp,
  user: WorkspaceUser,
): MaybePromise<void> {
  return check(
    ctx,
    step('user.approved', () => {
      if (app.policies.permittedUsers === 'adminApprovedPreAuthorized') {
        const why = describePreAuthorization(app, user)
        if (!isPreAuthorized(app, user))
          throw sfErrors.notAdminApproved().because(`not pre-authorized: ${why}`)
        return `pre-authorized: ${why}`
      }
      return `${app.name} lets users self-authorize; the subject token vouches for ${user.username}`
    }),
  )
}

function hasScope(granted: readonly string[], scope: string): boolean {
  if (granted.includes(scope)) return true
  return REFRESH_SYNONYMS.includes(scope) && granted.some((s) => REFRESH_SYNONYMS.includes(s))
}

/**
 * `scope.allowed`: scope can only narrow — to the subject token's scopes when it carries
 * any, and always to the app's. Omitted: what both allow.
 */
function resolveScopes(
  ctx: GrantContext,
  app: WorkspaceApp,
  subject: SubjectToken,
): MaybePromise<string[]> {
  return decide(ctx, 'scope.allowed', () => {
    const ceiling = subject.scopes
      ? subject.scopes.filter((s) => hasScope(app.scopes, s))
      : [...app.scopes]
    const from = subject.scopes ? "the subject token's scopes" : `${app.name}'s scopes`
    const requested = parseScopeParam(param(ctx.params, 'scope'))
    if (!requested)
      return decided(ceiling, `no scope parameter: ${from} (${ceiling.join(' ') || 'none'})`)
    const wider = requested.filter((s) => !hasScope(ceiling, s))
    if (wider.length) {
      throw sfErrors
        .invalidScope()
        .because(`scope ${wider.join(', ')} is wider than ${from} (${ceiling.join(' ') || 'none'})`)
    }
    return decided(
      requested,
      `narrowed to ${requested.join(' ')} (within ${from}: ${ceiling.join(' ')})`,
    )
  })
}

async function issueAssetToken(
  ctx: GrantContext,
  app: WorkspaceApp,
  user: WorkspaceUser,
  actorToken: string,
): Promise<TokenResponse> {
  const actor: ActorToken = await decide(ctx, 'actor_token.verify', async () => {
    const read = await readActorToken(actorToken, ctx.now)
    return decided(read, read.detail)
  })
  return decide(ctx, 'asset_token.issue', async () => {
    const org = ctx.engine.org()
    const id = identityUrl(ctx.engine.baseUrl, org.id, user.id)
    const audience = actor.audience ?? [ctx.engine.baseUrl]
    const token = await signAssetToken({
      issuer: ctx.engine.baseUrl,
      subject: id,
      clientId: app.consumerKey,
      audience,
      deviceId: actor.deviceId,
      deviceName: actor.deviceName,
      confirmation: actor.confirmation,
      nowMs: ctx.now,
      key: ctx.engine.oauth.keys.active(),
    })
    const response: TokenResponse = {
      access_token: token,
      instance_url: ctx.engine.baseUrl,
      id,
      token_type: 'Bearer',
      issued_token_type: TOKEN_TYPE.jwt,
    }
    return decided(
      response,
      `asset token (RS256 JWT, 1 hour) for device ${actor.deviceId} of ${user.username}, audience ${audience.join(', ')}`,
    )
  })
}

async function exchange(ctx: GrantContext): Promise<TokenResponse> {
  ctx.trace.grantType = TOKEN_EXCHANGE
  const request = await readRequest(ctx)
  let app = await authenticateIfNamed(ctx, request)
  if (app) await checkEnabled(ctx, app)
  const subject = await decide(ctx, 'subject_token.verify', async () => {
    const verified = await verifySubjectToken(ctx.engine, request.kind, request.subjectToken, app)
    traceUser(ctx, verified.user)
    return decided(verified, verified.detail)
  })
  if (!app) {
    app = await appFromSubject(ctx, subject)
    await checkEnabled(ctx, app)
  }
  await checkSubjectClient(ctx, app, subject)
  await checkAudience(ctx)
  await checkUserActive(ctx, subject.user)
  await checkApproved(ctx, app, subject.user)
  if (request.actorToken !== undefined) {
    return issueAssetToken(ctx, app, subject.user, request.actorToken)
  }
  const scopes = await resolveScopes(ctx, app, subject)
  const issued = await issueTokens(ctx, {
    app,
    user: subject.user,
    scopes,
    refreshToken: grantsRefreshToken(scopes),
    signature: true,
    issuedAt: true,
    idToken: {},
    flow: 'token_exchange',
  })
  return { ...issued.response, issued_token_type: TOKEN_TYPE.access_token }
}

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693, reference §4.8):
 * a token of this org (access, refresh, id_token, JWT) or a JWT from the app's identity
 * provider (signed with its certificate) becomes an access token for the user it names —
 * Gatehouse's stand-in for Salesforce's Apex token handler. With an actor token (a device
 * JWT) it is the asset token flow instead, and the answer is a signed asset token.
 */
export const tokenExchangeGrant: SelfIdentifyingGrant = {
  grantType: TOKEN_EXCHANGE,
  client: 'assertion',
  authenticatesClient: true,
  handle: exchange,
}
