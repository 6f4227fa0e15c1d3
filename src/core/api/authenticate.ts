import type { FastifyReply, FastifyRequest } from 'fastify'
import { grantsApi } from '../oauth/scopes'
import { checkApiPolicies } from '../policy/api-steps'
import { authenticateAccessToken, readBearer } from '../tokens/bearer'
import { restErrors } from './errors'
import { setCaller, type RestServices } from './services'
import { failStep, passStep, restStep } from './steps'
import { parseVersion } from './versions'

/**
 * The gate in front of every versioned REST route, as named steps:
 *   rest.version     the path names a version Gatehouse serves (else 404 NOT_FOUND)
 *   rest.token       a live access token from this org (else 401 Session expired or invalid)
 *   client.ip, policy.ip, policy.login_hours   the policy engine's checks (else 401 too)
 *   rest.scope       the token carries `api` or `full` (else 401 not valid for the REST API)
 *   rest.api_enabled the user's profile has "API Enabled" (else 403 API_DISABLED_FOR_ORG)
 *   rest.limit       the daily allocation is not used up (else 403 REQUEST_LIMIT_EXCEEDED)
 * A request that passes is counted, and every answer from then on carries Sforce-Limit-Info.
 */
export function restGate(services: RestServices) {
  const { engine } = services
  // A hook with `done`, not async: the gate never waits, and an async hook costs every call a
  // promise and a turn of the microtask queue. `done` is called outside the try, so an error
  // thrown by what runs after the gate is never taken for the gate's own.
  return function gateHook(
    request: FastifyRequest,
    reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    try {
      gate(request, reply)
    } catch (error) {
      done(error as Error)
      return
    }
    done()
  }

  function gate(request: FastifyRequest, reply: FastifyReply): void {
    const trace = request.gatehouse
    const params = request.params as { version?: string }
    const version = restStep(
      trace,
      'rest.version',
      () => {
        const parsed = parseVersion(params.version ?? '')
        if (!parsed) throw restErrors.notFound()
        return { detail: `API version ${parsed}`, value: parsed }
      },
      () => `"${params.version}" is not an API version Gatehouse serves (v31.0 to v66.0)`,
    )

    const token = readBearer(request.headers.authorization)
    if (token === undefined) {
      const detail = request.headers.authorization
        ? 'the Authorization header is not "Bearer <token>" or "OAuth <token>"'
        : 'no Authorization header'
      throw failStep(trace, 'rest.token', detail, restErrors.sessionInvalid())
    }
    const auth = authenticateAccessToken(engine, token)
    if (auth.row) {
      trace.appKey = auth.row.app_key
      trace.userId = auth.row.user_id
      trace.grantId = auth.row.grant_id
    }
    for (const check of auth.checks) passStep(trace, check.step, check.detail)
    if (!auth.ok) {
      if (auth.row) {
        trace.appName = engine.store.workspace.findAppByConsumerKey(auth.row.app_key)?.name
      }
      throw failStep(
        trace,
        'rest.token',
        `${auth.step}: ${auth.detail}`,
        restErrors.sessionInvalid(),
      )
    }
    const { app, user, row } = auth
    trace.appName = app.name
    trace.username = user.username
    passStep(trace, 'rest.token', `access token of ${user.username} for app ${app.name}`)
    // Continuous IP enforcement and login hours (src/core/policy): 401 like a dead session.
    checkApiPolicies(
      engine,
      trace,
      { app, user, grantId: row.grant_id, grantFlow: auth.grantFlow },
      restErrors.sessionInvalid,
      (name, detail, error) => failStep(trace, name, detail, error),
    )

    restStep(
      trace,
      'rest.scope',
      () => {
        if (!grantsApi(row.scopes.split(' '))) throw restErrors.sessionNotForRest()
        return { detail: `scopes "${row.scopes}" include api or full`, value: null }
      },
      () => `the token's scopes "${row.scopes}" include neither api nor full`,
    )

    const { org, activeUsers, profiles } = services.orgFacts()
    restStep(
      trace,
      'rest.api_enabled',
      () => {
        const profile = profiles.get(user.profile)
        if (!profile?.apiEnabled) throw restErrors.apiDisabled()
        return { detail: `profile ${user.profile} has API Enabled`, value: null }
      },
      () => `profile ${user.profile} does not have the "API Enabled" permission`,
    )

    const decision = services.limits.admit(org, activeUsers, app.consumerKey)
    reply.header('Sforce-Limit-Info', `api-usage=${decision.used}/${decision.max}`)
    restStep(
      trace,
      'rest.limit',
      () => {
        if (!decision.allowed) throw restErrors.limitExceeded()
        return {
          detail: `request ${decision.used} of ${decision.max} in the last 24 hours (${decision.allocation.explanation})`,
          value: null,
        }
      },
      () =>
        `${decision.used} requests in the last 24 hours reached the allocation of ${decision.max} (${decision.allocation.explanation})`,
    )

    setCaller(request, { version, app, user, token: row })
  }
}
