import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import type { ExchangeTrace } from '../exchange-trace'
import { runSteps } from '../steps'
import { clientSteps } from './client-steps'
import { established, type ValidationContext } from './context'
import type { ResponseMode } from './redirect'
import {
  parseDisplay,
  responseModeOf,
  type AuthorizeParams,
  type ValidAuthorizeRequest,
} from './request'
import { requestSteps } from './request-steps'

export type ValidationOutcome =
  /** The client or its redirect URI is not verified: answer on our own origin. */
  | { kind: 'refused'; error: OAuthError }
  /** The redirect URI is verified: the error goes back to the client. */
  | {
      kind: 'redirect-error'
      error: OAuthError
      redirectUri: string
      state: string | undefined
      /** The user-agent flow's errors go in the fragment (reference §3). */
      responseMode: ResponseMode
    }
  | { kind: 'valid'; request: ValidAuthorizeRequest }

/**
 * Runs the authorization request's checks in Salesforce's order: client.lookup and
 * redirect_uri.match first (nothing may be redirected before both pass), then the checks
 * whose failures are redirected back to the client.
 */
export async function validateAuthorizeRequest(input: {
  engine: Gatehouse
  trace: ExchangeTrace
  method: string
  params: AuthorizeParams
  raw: Record<string, string>
}): Promise<ValidationOutcome> {
  const ctx: ValidationContext = { ...input, log: input.trace.log }
  try {
    await runSteps(ctx, clientSteps)
  } catch (err) {
    if (err instanceof OAuthError) return { kind: 'refused', error: err }
    throw err
  }
  const redirectUri = established(ctx.redirectUri, 'the redirect URI')
  try {
    await runSteps(ctx, requestSteps)
  } catch (err) {
    if (err instanceof OAuthError) {
      return {
        kind: 'redirect-error',
        error: err,
        redirectUri,
        state: input.params.state,
        responseMode: responseModeOf(ctx.responseType),
      }
    }
    throw err
  }
  const { params } = input
  return {
    kind: 'valid',
    request: {
      app: established(ctx.app, 'the app'),
      redirectUri,
      responseType: established(ctx.responseType, 'the response type'),
      responseMode: responseModeOf(ctx.responseType),
      state: params.state,
      scopes: established(ctx.scopes, 'the scopes'),
      pkce: established(ctx.pkce, 'the PKCE challenge'),
      nonce: params.nonce,
      display: parseDisplay(params.display),
      immediate: params.immediate?.toLowerCase() === 'true',
      prompt: established(ctx.prompt, 'the prompt'),
      loginHint: params.loginHint,
      raw: input.raw,
    },
  }
}
