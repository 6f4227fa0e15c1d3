import { sfErrors } from '../../salesforce/oauth-errors'
import type { TokenResponse } from '../../tokens/issue'
import type { WorkspaceUser } from '../../workspace'
import { param } from '../params'
import { parseScopeParam } from '../scopes'
import { check, skipped, step, type MaybePromise } from '../steps'
import type { ClientAuthenticatedGrant, ClientGrantContext } from '../token/context'
import { decide, decided } from '../token/decide'
import { issueTokens } from './issue'
import { traceUser } from './user-steps'

/** Scopes a client credentials token never carries (reference §4.5). */
const EXCLUDED_SCOPES = ['full', 'web', 'refresh_token', 'offline_access']

/** `client_credentials.enabled`: the app's "Enable Client Credentials Flow". */
function checkEnabled(ctx: ClientGrantContext): MaybePromise<void> {
  return check(
    ctx,
    step('client_credentials.enabled', () => {
      if (!ctx.app.clientCredentials.enabled) {
        throw sfErrors
          .clientCredentialsDisabled()
          .because(`the client credentials flow is not enabled on ${ctx.app.name}`)
      }
      return `the client credentials flow is enabled on ${ctx.app.name}`
    }),
  )
}

/** Salesforce serves this flow on My Domain hosts only; this server is the org's My Domain. */
function recordDomain(ctx: ClientGrantContext): MaybePromise<void> {
  return check(
    ctx,
    step('client_credentials.domain', () =>
      skipped(
        `Salesforce refuses this flow on login.salesforce.com / test.salesforce.com; ${ctx.engine.baseUrl} is the org's own My Domain`,
      ),
    ),
  )
}

/** `client_credentials.run_as`: tokens are for the app's Run As user, who must be active. */
function runAsUser(ctx: ClientGrantContext): MaybePromise<WorkspaceUser> {
  return decide(ctx, 'client_credentials.run_as', () => {
    const username = ctx.app.clientCredentials.runAs
    if (!username) {
      throw sfErrors.noClientCredentialsUser().because(`${ctx.app.name} has no Run As user`)
    }
    const user = ctx.engine.store.workspace.findUserByUsername(username)
    if (!user) {
      throw sfErrors
        .noClientCredentialsUser()
        .because(`Run As user ${username} does not exist in the workspace`)
    }
    traceUser(ctx, user)
    if (!user.active) {
      throw sfErrors.noClientCredentialsUser().because(`Run As user ${username} is inactive`)
    }
    return decided(user, `tokens run as ${username}, who is active`)
  })
}

/**
 * `scope.allowed`: the app's scopes minus full, web and the refresh scopes; a `scope`
 * parameter may narrow them. Nothing left is Salesforce's "no valid scopes defined".
 */
function resolveScopes(ctx: ClientGrantContext): MaybePromise<string[]> {
  return decide(ctx, 'scope.allowed', () => {
    const allowed = ctx.app.scopes.filter((s) => !EXCLUDED_SCOPES.includes(s))
    const removed = ctx.app.scopes.filter((s) => EXCLUDED_SCOPES.includes(s))
    const note = removed.length ? ` (${removed.join(', ')} never apply to this flow)` : ''
    const requested = parseScopeParam(param(ctx.params, 'scope'))
    if (requested) {
      const outside = requested.filter((s) => !allowed.includes(s as never))
      if (outside.length) {
        throw sfErrors
          .invalidScope()
          .because(
            `scope ${outside.join(', ')} is not available to this flow; allowed: ${allowed.join(' ') || 'none'}${note}`,
          )
      }
      return decided(requested, `narrowed to ${requested.join(' ')}${note}`)
    }
    if (!allowed.length) {
      throw sfErrors
        .noValidScopes()
        .because(`${ctx.app.name} has no scope this flow may use${note}`)
    }
    return decided([...allowed], `scopes: ${allowed.join(' ')}${note}`)
  })
}

async function clientCredentials(ctx: ClientGrantContext): Promise<TokenResponse> {
  await checkEnabled(ctx)
  await recordDomain(ctx)
  const user = await runAsUser(ctx)
  const scopes = await resolveScopes(ctx)
  const issued = await issueTokens(ctx, {
    app: ctx.app,
    user,
    scopes,
    refreshToken: false,
    signature: true,
    issuedAt: true,
    idToken: false,
    flow: 'client_credentials',
  })
  return issued.response
}

export const clientCredentialsGrant: ClientAuthenticatedGrant = {
  grantType: 'client_credentials',
  client: 'authenticated',
  secretRule: () => ({
    required: true,
    why: 'the client credentials flow always needs the consumer secret',
  }),
  handle: clientCredentials,
}
