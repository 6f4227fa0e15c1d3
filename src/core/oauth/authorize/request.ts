import type { WorkspaceApp } from '../../workspace'
import type { Display } from '../pages/layout'
import { param, type Params } from '../params'
import type { ResponseMode } from './redirect'

/** The authorization endpoint's parameters (reference §3), as sent. */
export interface AuthorizeParams {
  responseType?: string
  clientId?: string
  redirectUri?: string
  scope?: string
  state?: string
  codeChallenge?: string
  codeChallengeMethod?: string
  display?: string
  immediate?: string
  prompt?: string
  loginHint?: string
  nonce?: string
}

export function readAuthorizeParams(params: Params): AuthorizeParams {
  return {
    responseType: param(params, 'response_type'),
    clientId: param(params, 'client_id'),
    redirectUri: param(params, 'redirect_uri'),
    scope: param(params, 'scope'),
    // state is echoed byte for byte, so an empty one is kept as sent.
    state: params.get('state'),
    codeChallenge: param(params, 'code_challenge'),
    codeChallengeMethod: param(params, 'code_challenge_method'),
    display: param(params, 'display'),
    immediate: param(params, 'immediate'),
    prompt: param(params, 'prompt'),
    loginHint: param(params, 'login_hint'),
    nonce: param(params, 'nonce'),
  }
}

/**
 * `code` is the web server flow; `token` and `token id_token` the user-agent flow, whose
 * answers go in the redirect's fragment (reference §3, §4.2).
 */
export type ResponseType = 'code' | 'token' | 'token id_token'

/** The response type as sent (`id_token token` is the same as `token id_token`), if supported. */
export function parseResponseType(value: string | undefined): ResponseType | undefined {
  const parts = new Set((value ?? '').split(' ').filter(Boolean))
  if (parts.size === 1 && parts.has('code')) return 'code'
  if (parts.size === 1 && parts.has('token')) return 'token'
  if (parts.size === 2 && parts.has('token') && parts.has('id_token')) return 'token id_token'
  return undefined
}

/** Where a response type's answers go: the query for codes, the fragment for tokens. */
export function responseModeOf(type: ResponseType | undefined): ResponseMode {
  return type === undefined || type === 'code' ? 'query' : 'fragment'
}

/** `prompt` values (space-combinable); `none` is OIDC's "no UI". */
export type PromptValue = 'login' | 'consent' | 'select_account' | 'none'

export interface PkceChallenge {
  challenge: string
  method: 'S256'
}

/** A request that passed every check of the request itself; the user is not known yet. */
export interface ValidAuthorizeRequest {
  app: WorkspaceApp
  redirectUri: string
  responseType: ResponseType
  responseMode: ResponseMode
  state: string | undefined
  scopes: string[]
  pkce: PkceChallenge | null
  nonce: string | undefined
  display: Display
  immediate: boolean
  prompt: ReadonlySet<PromptValue>
  loginHint: string | undefined
  /** The parameters as sent, kept with a pending request so it can be resumed after login. */
  raw: Record<string, string>
}

const DISPLAYS: readonly Display[] = ['page', 'popup', 'touch', 'mobile']

/** Unknown display values fall back to the full page, as Salesforce does. */
export function parseDisplay(value: string | undefined): Display {
  return DISPLAYS.find((d) => d === value) ?? 'page'
}

export function paramsToRecord(params: Params): Record<string, string> {
  return Object.fromEntries(params)
}
