import type { WorkspaceApp } from '../../workspace'
import { StepNotReady, type PlannedRequest, type RunContext } from '../flow-def'

/** The emulated org's paths the runner calls (Salesforce's own). */
export const PATH = {
  authorize: '/services/oauth2/authorize',
  login: '/services/oauth2/authorize/login',
  consent: '/services/oauth2/authorize/consent',
  token: '/services/oauth2/token',
  revoke: '/services/oauth2/revoke',
  introspect: '/services/oauth2/introspect',
  userinfo: '/services/oauth2/userinfo',
  deviceAuthorize: '/services/oauth2/device/authorize',
  connect: '/setup/connect',
  connectLogin: '/setup/connect/login',
  connectDecision: '/setup/connect/decision',
} as const

export const GRANT = {
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
} as const

export const TOKEN_TYPE = {
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  refreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
  idToken: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
} as const

/** A value an earlier step handed on; the step cannot be built without it. */
export function need(ctx: RunContext, name: string, from: string): string {
  const value = ctx.vars[name]
  if (value === undefined || value === '') {
    throw new StepNotReady(`no ${name} yet: ${from}`)
  }
  return value
}

export function option<T>(ctx: RunContext | Record<string, unknown>, name: string): T | undefined {
  const options = 'options' in ctx && 'app' in ctx ? (ctx as RunContext).options : ctx
  return (options as Record<string, unknown>)[name] as T | undefined
}

/** The scopes the run asks for: the `scope` option, else every scope selected on the app. */
export function scopeOf(ctx: RunContext): string | undefined {
  const scope = option<string>(ctx, 'scope')
  if (scope !== undefined) return scope
  return ctx.app.scopes.length ? ctx.app.scopes.join(' ') : undefined
}

export function redirectUriOf(ctx: RunContext): string {
  const given = option<string>(ctx, 'redirectUri')
  if (given) return given
  const first = ctx.app.callbackUrls[0]
  if (!first)
    throw new StepNotReady(`${ctx.app.name} has no Callback URL; give options.redirectUri`)
  return first
}

export function requireUser(ctx: RunContext) {
  if (!ctx.user) throw new StepNotReady('this step needs a user; the run has none')
  return ctx.user
}

/** Drops parameters whose value is undefined, keeping the order of the rest. */
export function defined(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) if (value !== undefined) out[name] = value
  return out
}

export function tokenPost(
  params: Record<string, string | undefined>,
  path: string = PATH.token,
): PlannedRequest {
  return { method: 'POST', path, params: defined(params), paramLocation: 'form' }
}

/** Sends the secret when the option says so, else when the app requires it for this flow. */
export function secretIf(ctx: RunContext, required: boolean): string | undefined {
  const chosen = option<boolean>(ctx, 'secret')
  return (chosen ?? required) ? ctx.app.consumerSecret : undefined
}

export function scopesOfApp(app: WorkspaceApp): Set<string> {
  return new Set(app.scopes)
}

export function hasRefreshScope(app: WorkspaceApp): boolean {
  return app.scopes.includes('refresh_token') || app.scopes.includes('offline_access')
}

/** The Bearer header for a resource call with the run's access token. */
export function bearer(ctx: RunContext): Record<string, string> {
  return { authorization: `Bearer ${tokenOf(ctx, 'access_token')}` }
}

const GIVEN_TOKEN: Record<string, string> = {
  access_token: 'accessToken',
  refresh_token: 'refreshToken',
  id_token: 'idToken',
}

/** A token an earlier step handed on, else the one the options gave (`accessToken` …). */
export function tokenOf(
  ctx: RunContext,
  name: 'access_token' | 'refresh_token' | 'id_token',
): string {
  const handed = ctx.vars[name]
  if (handed) return handed
  const given = option<string>(ctx, GIVEN_TOKEN[name]!)
  if (given) return given
  throw new StepNotReady(
    `no ${name} yet: no step has returned one (or give options.${GIVEN_TOKEN[name]})`,
  )
}
