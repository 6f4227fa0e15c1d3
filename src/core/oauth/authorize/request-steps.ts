import { sfErrors } from '../../salesforce/oauth-errors'
import { parseScopeParam, resolveScopes } from '../scopes'
import { skipped, step } from '../steps'
import { established, type ValidationContext } from './context'
import { pkceChallenge } from './pkce-challenge'
import { parseResponseType, type PromptValue } from './request'

/**
 * Checks of the request itself, once the client and its redirect URI are verified: their
 * failures go back to the client as error redirects.
 */

export const requestMethod = step<ValidationContext>('request.method', (ctx) => {
  if (ctx.method !== 'GET') {
    throw sfErrors
      .invalidRequest('must use HTTP GET')
      .because(`the authorization request came as ${ctx.method}; Salesforce accepts only GET`)
  }
  return 'GET'
})

/** `code` (web server flow), `token` and `token id_token` (user-agent flow), reference §3. */
export const responseTypeSupported = step<ValidationContext>('response_type.supported', (ctx) => {
  const type = ctx.params.responseType
  const parsed = parseResponseType(type)
  if (!parsed) {
    throw sfErrors
      .unsupportedResponseType()
      .because(
        type === undefined
          ? 'response_type is missing'
          : `response_type "${type}" is not supported; supported: code, token, token id_token`,
      )
  }
  ctx.responseType = parsed
  return parsed === 'code'
    ? 'response_type code (web server flow)'
    : `response_type ${parsed} (user-agent flow: the tokens go in the redirect's fragment)`
})

/**
 * `id_token.request`: an id_token in the redirect needs the openid scope, and a nonce to bind
 * it to the browser session that asked for it (OIDC Core §3.2.2.1, security case 37).
 */
export const idTokenRequest = step<ValidationContext>('id_token.request', (ctx) => {
  if (ctx.responseType !== 'token id_token') {
    return skipped('no id_token is returned in the redirect')
  }
  const scopes = established(ctx.scopes, 'the scopes')
  if (!scopes.includes('openid')) {
    throw sfErrors
      .invalidRequest('missing required openid scope')
      .because(`response_type token id_token needs the openid scope; granted: ${scopes.join(' ')}`)
  }
  if (ctx.params.nonce === undefined) {
    throw sfErrors
      .invalidRequest('missing required nonce')
      .because('response_type token id_token needs a nonce (OIDC Core §3.2.2.1)')
  }
  return 'openid is granted and a nonce is sent; it is echoed in the id_token'
})

export const appBlocked = step<ValidationContext>('app.blocked', (ctx) => {
  const app = established(ctx.app, 'the app')
  if (app.policies.blocked) {
    throw sfErrors
      .appBlocked()
      .because(`app ${app.name} is blocked by the admin (policies.blocked)`)
  }
  return `app ${app.name} is not blocked`
})

export const scopeAllowed = step<ValidationContext>('scope.allowed', (ctx) => {
  const app = established(ctx.app, 'the app')
  const requested = parseScopeParam(ctx.params.scope)
  ctx.scopes = resolveScopes(app, requested)
  return requested
    ? `requested scopes ${requested.join(' ')} are all selected on the app`
    : `no scope parameter: every scope selected on the app (${ctx.scopes.join(' ') || 'none'})`
})

const PROMPTS: readonly PromptValue[] = ['login', 'consent', 'select_account', 'none']

/** `prompt` is space-separated; `none` means "no UI" and cannot be combined (OIDC Core §3.1.2.1). */
export const promptSupported = step<ValidationContext>('prompt.supported', (ctx) => {
  const values = (ctx.params.prompt ?? '').split(' ').filter(Boolean)
  const prompt = new Set<PromptValue>()
  const ignored: string[] = []
  for (const value of values) {
    const known = PROMPTS.find((p) => p === value)
    if (known) prompt.add(known)
    else ignored.push(value)
  }
  if (prompt.has('none') && prompt.size > 1) {
    throw sfErrors
      .invalidRequest('prompt none cannot be combined with other values')
      .because(`prompt is "${ctx.params.prompt}"`)
  }
  ctx.prompt = prompt
  if (!values.length) return skipped('no prompt parameter')
  const note = ignored.length ? `; ignored unknown value(s) ${ignored.join(', ')}` : ''
  return `prompt ${[...prompt].join(' ') || '(none recognised)'}${note}`
})

export const requestSteps = [
  requestMethod,
  responseTypeSupported,
  appBlocked,
  scopeAllowed,
  idTokenRequest,
  pkceChallenge,
  promptSupported,
] as const
