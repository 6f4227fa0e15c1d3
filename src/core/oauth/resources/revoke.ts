import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { noStoreHeaders } from '../../http/security-headers'
import { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { revokeJwtAccessToken } from '../../tokens/jwt-bearer-auth'
import { sha256Hex } from '../../tokens/random'
import type { ExchangeTrace } from '../exchange-trace'
import { param, readParams, type Params } from '../params'
import { check, step } from '../steps'
import { authenticateClient } from './client-steps'
import { authenticatePresentedToken } from './presented-token'
import { recordTokenChecks, recordTokenFailure } from './token-steps'

export const REVOKE_PATH = '/services/oauth2/revoke'

/** JSONP callback names: a plain dotted identifier, so the body cannot carry script. */
const CALLBACK_NAME = /^[A-Za-z_$][\w$.]{0,63}$/

/**
 * Revocation (`POST` form `token=`, or `GET ?token=`, with JSONP `callback=` on GET), as
 * Salesforce answers it rather than as RFC 7009 does:
 * - success is 200 with an empty body; an unknown, expired or already revoked token is 400
 *   `invalid_token` / `Token was invalid` (RFC 7009 would answer 200);
 * - client authentication is optional; presented credentials must be right, and then only
 *   the client's own tokens can be revoked (a foreign token stays active: invalid_token);
 * - a refresh token revokes its whole grant; an access token revokes only itself (Salesforce
 *   ends the whole session behind it, which here is just that token).
 */
export async function registerRevoke(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(noStoreHeaders)
    const trace = request.gatehouse
    const params = readParams(request.body, request.query)
    const callback = request.method === 'GET' ? await readCallback(trace, params) : undefined
    try {
      await revoke(trace, engine, params, request.headers.authorization)
    } catch (err) {
      if (callback !== undefined && err instanceof OAuthError) {
        // A script answer must be 200, or the browser never runs the callback.
        return sendJsonp(reply, callback, { error: err.error })
      }
      throw err
    }
    if (callback !== undefined) return sendJsonp(reply, callback, {})
    return reply.code(200).send()
  }
  app.post(REVOKE_PATH, handler)
  // GET revokes (Salesforce's design); HEAD, which clients treat as safe, must not.
  app.get(REVOKE_PATH, { exposeHeadRoute: false }, handler)
}

async function revoke(
  trace: ExchangeTrace,
  engine: Gatehouse,
  params: Params,
  authorization: string | undefined,
): Promise<void> {
  const client = await authenticateClient(trace, engine, params, authorization, 'optional')
  if (client) {
    trace.appKey = client.consumerKey
    trace.appName = client.name
  }

  const token = param(params, 'token')
  await check(
    trace,
    step('token.param', () => {
      if (token === undefined) {
        throw sfErrors.invalidRequest('token parameter is required').because('no token parameter')
      }
      return 'token present'
    }),
  )

  const found = authenticatePresentedToken(engine, token!, param(params, 'token_type_hint'))
  const { auth } = found
  recordTokenChecks(trace.log, auth.checks)
  if (!auth.ok) throw recordTokenFailure(trace.log, auth, sfErrors.invalidToken())

  const { row } = auth
  await check(
    trace,
    step('token.owner', () => {
      if (!client) return `no client presented; the token belongs to ${auth.app.name}`
      if (row.app_key !== client.consumerKey) {
        throw sfErrors
          .invalidToken()
          .because(
            `the token belongs to app ${auth.app.name}, not to the caller ${client.name}; it stays active`,
          )
      }
      return `the token belongs to the caller, ${client.name}`
    }),
  )
  trace.appKey = auth.app.consumerKey
  trace.appName = auth.app.name
  trace.userId = auth.user.id
  trace.username = auth.user.username
  trace.grantId = row.grant_id

  const now = engine.clock.now()
  await check(
    trace,
    step('token.revoke', () => {
      if (found.kind === 'refresh_token') {
        engine.oauth.store.revokeGrant(
          row.grant_id,
          now,
          'refresh token revoked at /services/oauth2/revoke',
        )
        return `refresh token revoked with its grant ${row.grant_id}: every access and refresh token of the grant is now inactive`
      }
      if ('format' in row && row.format === 'jwt') {
        revokeJwtAccessToken(engine, token!, row, now)
        return `JWT access token revoked (its jti is kept until it expires; the grant ${row.grant_id} and its refresh token stay active)`
      }
      engine.oauth.store.revokeAccessToken(sha256Hex(token!), now)
      return `access token revoked (only this token; the grant ${row.grant_id} and its refresh token stay active — Salesforce ends the session behind it)`
    }),
  )
}

/** Validates `callback` before anything else happens, so a bad name changes nothing. */
async function readCallback(trace: ExchangeTrace, params: Params): Promise<string | undefined> {
  const callback = param(params, 'callback')
  if (callback === undefined) return undefined
  await check(
    trace,
    step('jsonp.callback', () => {
      if (!CALLBACK_NAME.test(callback)) {
        throw sfErrors
          .invalidRequest('invalid callback')
          .because(`callback ${JSON.stringify(callback.slice(0, 80))} is not a plain identifier`)
      }
      return `JSONP answer wrapped in ${callback}(…)`
    }),
  )
  return callback
}

function sendJsonp(reply: FastifyReply, callback: string, body: object): FastifyReply {
  return reply
    .code(200)
    .type('application/javascript; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send(`${callback}(${JSON.stringify(body)})`)
}
