import { sfErrors } from '../../salesforce/oauth-errors'
import type { WorkspaceApp } from '../../workspace'
import { readClientCredentials, secretMatches, type ClientCredentials } from '../client-auth'
import { check, skipped, step, type MaybePromise } from '../steps'
import type { Params } from '../params'
import { decide, decided } from './decide'
import type { ClientAuthenticatedGrant, GrantContext, TokenRequestContext } from './context'

export interface AuthenticatedClient {
  app: WorkspaceApp
  credentials: ClientCredentials
}

const METHOD_WORDS: Record<ClientCredentials['method'], string> = {
  basic: 'the Authorization: Basic header',
  body: 'client_id and client_secret in the body',
  none: 'client_id in the body, no secret',
}

/** Records who the request is about as soon as the app is known. */
export function traceApp(ctx: TokenRequestContext, app: WorkspaceApp): void {
  ctx.trace.appKey = app.consumerKey
  ctx.trace.appName = app.name
}

/**
 * `client.lookup`: reads the client credentials (Basic or body, never both) and finds the app.
 * An unknown or missing consumer key is Salesforce's invalid_client_id.
 */
export function lookupClient(
  ctx: TokenRequestContext,
  params: Params,
): MaybePromise<{ app: WorkspaceApp; credentials: ClientCredentials }> {
  return decide(ctx, 'client.lookup', () => {
    const credentials = readClientCredentials(params, ctx.request.headers.authorization)
    if (credentials.clientId === undefined) {
      throw sfErrors
        .invalidClientId()
        .because('no client_id was sent, neither in the body nor in an Authorization: Basic header')
    }
    const app = ctx.engine.store.workspace.findAppByConsumerKey(credentials.clientId)
    if (!app) {
      throw sfErrors
        .invalidClientId()
        .because(`no app in the workspace has consumer key ${credentials.clientId}`)
    }
    traceApp(ctx, app)
    return decided(
      { app, credentials },
      `consumer key belongs to ${app.name} (${app.kind}); credentials from ${METHOD_WORDS[credentials.method]}`,
    )
  })
}

/** `client.blocked`: an admin can block an app (Connected Apps OAuth Usage). */
export function checkNotBlocked(ctx: TokenRequestContext, app: WorkspaceApp): MaybePromise<void> {
  return check(
    ctx,
    step('client.blocked', () => {
      if (app.policies.blocked) {
        throw sfErrors.appBlocked().because(`app ${app.name} is blocked by its admin policy`)
      }
      return `app ${app.name} is not blocked`
    }),
  )
}

/**
 * `client.secret`: the grant says whether the secret is required. A secret that is sent is
 * always checked (constant time), even where it is optional: a wrong secret is never ignored.
 */
export function checkSecret(
  ctx: TokenRequestContext,
  grant: ClientAuthenticatedGrant,
  client: AuthenticatedClient,
): MaybePromise<void> {
  return check(
    ctx,
    step('client.secret', () => {
      const { app, credentials } = client
      const rule = grant.secretRule(app)
      // An empty Basic password is how some libraries say "no secret" for a public client.
      const presented = credentials.clientSecret === '' ? undefined : credentials.clientSecret
      const matches = secretMatches(presented, app.consumerSecret)
      if (presented === undefined) {
        if (rule.required) {
          throw sfErrors.invalidClient().because(`no client_secret was sent; ${rule.why}`)
        }
        return skipped(`no client_secret sent, and none is needed: ${rule.why}`)
      }
      if (!matches) {
        throw sfErrors
          .invalidClient()
          .because(`the client_secret sent does not match ${app.name}'s consumer secret`)
      }
      return `client_secret matches ${app.name}'s consumer secret (compared in constant time); ${rule.why}`
    }),
  )
}

/** Client authentication for grants that use client_id / client_secret. */
export async function authenticateClient(
  ctx: GrantContext,
  grant: ClientAuthenticatedGrant,
): Promise<AuthenticatedClient> {
  const client = await lookupClient(ctx, ctx.params)
  await checkNotBlocked(ctx, client.app)
  await checkSecret(ctx, grant, client)
  return client
}

/** For grants that identify the client themselves: record why the usual steps do not apply. */
export async function skipClientAuthentication(
  ctx: TokenRequestContext,
  why: string,
): Promise<void> {
  await check(
    ctx,
    step('client.lookup', () => skipped(why)),
  )
  await check(
    ctx,
    step('client.secret', () => skipped(why)),
  )
}
