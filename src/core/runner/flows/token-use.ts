import type { FlowDef, StepDef } from '../flow-def'
import { bearer, GRANT, option, PATH, secretIf, tokenOf, tokenPost, TOKEN_TYPE } from './common'
import { sourceDisabled, sourceSteps, type TokenNeed } from './obtain'

/** A flow made of "get a token the app's way" followed by its own steps. */
function usingToken(
  base: Omit<FlowDef, 'disabledBecause' | 'steps'>,
  need: TokenNeed,
  own: StepDef[],
  extraDisabled?: FlowDef['disabledBecause'],
): FlowDef {
  return {
    ...base,
    disabledBecause: (app, options) =>
      extraDisabled?.(app, options) ?? sourceDisabled(app, options, need),
    steps: (app, options) => [...sourceSteps(app, options, need), ...own],
  }
}

const apiVersion = (options: Record<string, unknown>) =>
  typeof options.apiVersion === 'string' ? options.apiVersion : '62.0'

export const refreshFlow = usingToken(
  {
    name: 'refresh',
    title: 'Refresh token',
    summary: 'The app trades its refresh token for a new access token, with no user present.',
    needsUser: true,
  },
  { refresh: true },
  [
    {
      name: 'refresh',
      title: 'Refresh the access token',
      narrative:
        'Access tokens expire with the session. The app posts its refresh token (and its secret, when the app requires it) to get a new access token — no login, no user. The refresh token policy and IP rules decide whether it still works.',
      build: (ctx) =>
        tokenPost({
          grant_type: 'refresh_token',
          refresh_token: tokenOf(ctx, 'refresh_token'),
          client_id: ctx.app.consumerKey,
          client_secret: secretIf(ctx, ctx.app.requireSecretForRefreshTokenFlow),
        }),
    },
  ],
)

export const tokenExchangeFlow = usingToken(
  {
    name: 'token-exchange',
    title: 'Token exchange',
    summary: 'Trade a token the app holds (RFC 8693) for a Salesforce access token.',
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'exchange',
      title: 'Exchange the token',
      narrative:
        'The app posts a token it already holds as subject_token, says what kind it is, and authenticates with its key and secret. Gatehouse checks the token and who it names, and issues a new access token for that user.',
      build: (ctx) =>
        tokenPost({
          grant_type: GRANT.tokenExchange,
          subject_token: tokenOf(ctx, 'access_token'),
          subject_token_type: TOKEN_TYPE.accessToken,
          client_id: ctx.app.consumerKey,
          client_secret: ctx.app.consumerSecret,
          scope: option<string>(ctx, 'exchangeScope'),
        }),
    },
  ],
  (app) =>
    app.tokenExchange.enabled
      ? null
      : 'the token exchange flow is off (Enable Token Exchange Flow)',
)

/** An unsigned actor token (alg none) naming the device, as the asset token flow allows. */
function actorToken(deviceId: string, name: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ did: deviceId, Name: name })}.`
}

export const assetTokenFlow = usingToken(
  {
    name: 'asset-token',
    title: 'Asset token',
    summary:
      "Get a signed asset token for a connected device, from an access token and the device's actor token.",
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'asset-token',
      title: 'Access token + device → asset token',
      narrative:
        'A device (a sensor, a kiosk) needs a token of its own. The app exchanges its access token together with an actor token describing the device; Gatehouse answers with a signed asset token (a JWT) naming the device and its user.',
      build: (ctx) =>
        tokenPost({
          grant_type: GRANT.tokenExchange,
          subject_token: tokenOf(ctx, 'access_token'),
          subject_token_type: TOKEN_TYPE.accessToken,
          actor_token: actorToken(
            option<string>(ctx, 'deviceId') ?? 'device-001',
            option<string>(ctx, 'deviceName') ?? 'Demo device',
          ),
          actor_token_type: TOKEN_TYPE.jwt,
        }),
    },
  ],
  (app) =>
    app.tokenExchange.enabled
      ? null
      : 'the token exchange flow is off (Enable Token Exchange Flow)',
)

export const revokeFlow = usingToken(
  {
    name: 'revoke',
    title: 'Revoke',
    summary:
      "The app signs the user out: it revokes its token, and the grant's other tokens die with it.",
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'revoke',
      title: 'Revoke the token',
      narrative:
        'The app posts a token to the revoke endpoint. Revoking a refresh token ends the whole grant: its access tokens stop working too. The answer is 200 with no body.',
      build: (ctx) =>
        tokenPost({ token: ctx.vars.refresh_token ?? tokenOf(ctx, 'access_token') }, PATH.revoke),
    },
    {
      name: 'check',
      title: 'Use the token again',
      narrative:
        "The app tries the revoked grant's access token on the identity URL: it is refused now.",
      refusalExpected: true,
      build: (ctx) => ({
        method: 'GET',
        path: PATH.userinfo,
        params: {},
        paramLocation: 'none',
        headers: bearer(ctx),
      }),
    },
  ],
)

export const introspectFlow = usingToken(
  {
    name: 'introspect',
    title: 'Introspect',
    summary: 'A resource server asks whether a token is active, for whom and with what scopes.',
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'introspect',
      title: 'Introspect the token',
      narrative:
        'The app (authenticated with its key and secret) asks the introspection endpoint about a token. The answer says whether it is active and, if so, its user, scopes and expiry.',
      build: (ctx) =>
        tokenPost(
          {
            token: tokenOf(ctx, 'access_token'),
            token_type_hint: 'access_token',
            client_id: ctx.app.consumerKey,
            client_secret: ctx.app.consumerSecret,
          },
          PATH.introspect,
        ),
    },
  ],
)

export const userinfoFlow = usingToken(
  {
    name: 'userinfo',
    title: 'UserInfo',
    summary: "OpenID Connect's UserInfo endpoint with the run's access token.",
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'userinfo',
      title: 'Who is this user?',
      narrative:
        "The app calls the UserInfo endpoint with the access token as a Bearer token and gets the user's standard claims.",
      build: (ctx) => ({
        method: 'GET',
        path: PATH.userinfo,
        params: {},
        paramLocation: 'none',
        headers: bearer(ctx),
      }),
    },
  ],
)

export const identityFlow = usingToken(
  {
    name: 'identity',
    title: 'Identity URL',
    summary: "The identity URL the token response names (id), with the run's access token.",
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'identity',
      title: 'Call the identity URL',
      narrative:
        'The token response named an identity URL (id). The app calls it with the access token to learn the user, the org and the URLs of its APIs.',
      build: (ctx) => {
        const id = ctx.vars.id ?? option<string>(ctx, 'identityUrl')
        const url = id ? new URL(id) : null
        return {
          method: 'GET',
          path: url ? url.pathname : '/id',
          params: {},
          paramLocation: 'none',
          headers: bearer(ctx),
        }
      },
    },
  ],
)

export const restQueryFlow = usingToken(
  {
    name: 'rest-query',
    title: 'REST query',
    summary: "A SOQL query on the REST API with the run's access token.",
    needsUser: true,
  },
  { refresh: false },
  [
    {
      name: 'query',
      title: 'Query the REST API',
      narrative:
        "With its access token the app calls the REST API: here a SOQL query. The token's scopes, the session timeout and the API limits decide the answer.",
      build: (ctx) => ({
        method: 'GET',
        path: `/services/data/v${apiVersion(ctx.options)}/query`,
        params: { q: option<string>(ctx, 'soql') ?? 'SELECT Id, Name FROM Account LIMIT 5' },
        paramLocation: 'query',
        headers: bearer(ctx),
      }),
    },
  ],
)
