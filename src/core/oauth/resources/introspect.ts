import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { noStoreHeaders } from '../../http/security-headers'
import { sfErrors } from '../../salesforce/oauth-errors'
import { identityUrl } from '../../tokens/issue'
import { param, readParams } from '../params'
import { check, step } from '../steps'
import { authenticateClient } from './client-steps'
import {
  authenticatePresentedToken,
  epochSeconds,
  type PresentedTokenAuthentication,
} from './presented-token'
import { recordTokenChecks, recordTokenFailure } from './token-steps'

export const INTROSPECT_PATH = '/services/oauth2/introspect'

/** RFC 7662 §2.2: anything not active is exactly this, so nothing leaks about the token. */
const INACTIVE = { active: false } as const

/**
 * Token introspection (`POST /services/oauth2/introspect`, RFC 7662). The caller must
 * authenticate (HTTP Basic or body); an app sees only its own tokens unless the app has
 * "Introspect All Tokens". Unknown client or wrong secret: 401 invalid_client, as RFC 7662
 * §2.1 and security case 42 ask (Salesforce's exact status here is unverified).
 */
export async function registerIntrospect(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  app.post(INTROSPECT_PATH, async (request, reply) => {
    reply.headers(noStoreHeaders)
    const trace = request.gatehouse
    const params = readParams(request.body, request.query)
    const authorization = request.headers.authorization
    const client = await authenticateClient(trace, engine, params, authorization, 'required')
    trace.appKey = client.consumerKey
    trace.appName = client.name

    const token = param(params, 'token')
    await check(
      trace,
      step('token.param', () => {
        if (token === undefined) {
          throw sfErrors.invalidRequest('token parameter is required').because('no token parameter')
        }
        const hint = param(params, 'token_type_hint')
        return hint ? `token present, token_type_hint=${hint}` : 'token present, no token_type_hint'
      }),
    )

    const found = authenticatePresentedToken(engine, token!, param(params, 'token_type_hint'))
    const { auth } = found
    recordTokenChecks(trace.log, auth.checks)
    if (!auth.ok) {
      recordTokenFailure(trace.log, auth)
      return INACTIVE
    }
    const { row, user } = auth
    if (row.app_key !== client.consumerKey && !client.introspectAllTokens) {
      recordTokenFailure(trace.log, {
        step: 'token.owner',
        detail: `the token belongs to app ${auth.app.name}, not to the caller ${client.name}, which does not have "Introspect All Tokens"`,
      })
      return INACTIVE
    }
    trace.log.pass(
      'token.owner',
      row.app_key === client.consumerKey
        ? `the token belongs to the caller, ${client.name}`
        : `the token belongs to ${auth.app.name}; ${client.name} has "Introspect All Tokens"`,
    )
    trace.userId = user.id
    trace.username = user.username
    trace.grantId = row.grant_id

    const org = engine.org()
    const issuedAt = epochSeconds(row.created_at)
    const expiresAt = expiryOf(found)
    return {
      active: true,
      scope: row.scopes,
      client_id: row.app_key,
      username: user.username,
      sub: identityUrl(engine.baseUrl, org.id, user.id),
      token_type: found.kind,
      ...(expiresAt === null ? {} : { exp: epochSeconds(expiresAt) }),
      iat: issuedAt,
      nbf: issuedAt,
    }
  })
}

/** When the token stops working: an access token's expiry, a refresh token's policy end. */
function expiryOf(found: PresentedTokenAuthentication): number | null {
  if (!found.auth.ok) return null
  return found.kind === 'access_token' ? found.auth.row.expires_at : found.auth.expiresAt
}
