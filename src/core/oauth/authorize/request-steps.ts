import { sfErrors } from '../../salesforce/oauth-errors'
import { parseScopeParam, resolveScopes } from '../scopes'
import { skipped, step } from '../steps'
import { established, type ValidationContext } from './context'
import { pkceChallenge } from './pkce-challenge'
import type { PromptValue } from './request'

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

/** Part 1 of the authorization server serves the web server flow (`code`) only. */
export const responseTypeSupported = step<ValidationContext>('response_type.supported', (ctx) => {
  const type = ctx.params.responseType
  if (type !== 'code') {
    throw sfErrors
      .unsupportedResponseType()
      .because(
        type === undefined
          ? 'response_type is missing'
          : `response_type "${type}" is not supported; supported: code`,
      )
  }
  return 'response_type code (web server flow)'
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
  pkceChallenge,
  promptSupported,
] as const
