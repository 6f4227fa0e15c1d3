import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { TokenResponse } from '../../tokens/issue'
import { noStoreHeaders } from '../../http/security-headers'
import { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { GRANTS } from '../grants'
import { PasswordLockout } from '../grants/password-lockout'
import { check } from '../steps'
import { authenticateClient, skipClientAuthentication } from './client-steps'
import type { GrantContext, TokenEndpointServices, TokenRequestContext } from './context'
import { checkRequestShape, readTokenParams, requestMethod, selectGrant } from './request-steps'
import { sendTokenError, sendTokenResponse } from './respond'
import { chooseResponseFormat, responseFormatOf } from './format'
import {
  DEVICE_AUTHORIZATION_PATH,
  authorizeDevice,
  isDeviceAuthorizationRequest,
} from '../device/authorization'

export const TOKEN_PATH = '/services/oauth2/token'

/** OAuth requests are small; a cap well under the server-wide 1 MiB (security case 48). */
export const TOKEN_BODY_LIMIT = 64 * 1024

/** Methods other than POST, answered the way Salesforce answers them (see requestMethod). */
const OTHER_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'] as const

function requestContext(
  engine: Gatehouse,
  request: FastifyRequest,
  services: TokenEndpointServices,
): TokenRequestContext {
  const trace = request.gatehouse
  return { engine, request, log: trace.log, trace, now: engine.clock.now(), services }
}

/**
 * A failure before the first step can only come from reading the body. Busboy's errors for a
 * broken multipart body ("Unexpected end of multipart data") carry no HTTP status and would
 * otherwise surface as a 500; they are the client's malformed request. Anything else goes on
 * to the server's error handler unchanged (thrown errors reach the parent handler).
 */
function asBodyError(err: unknown, request: FastifyRequest): OAuthError | undefined {
  if (err instanceof OAuthError) return undefined
  if (typeof (err as { statusCode?: unknown }).statusCode === 'number') return undefined
  const log = request.gatehouse.log
  if (log.steps.length > 0) return undefined
  const bodyError = sfErrors
    .invalidRequest('malformed request body')
    .because(`the body could not be read: ${err instanceof Error ? err.message : String(err)}`)
  log.fail('request.body', bodyError)
  return bodyError
}

async function handleToken(
  engine: Gatehouse,
  services: TokenEndpointServices,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const ctx = requestContext(engine, request, services)
  await checkRequestShape(ctx)
  const params = await readTokenParams(ctx)
  const format = await chooseResponseFormat(ctx, params)
  // Salesforce's device authorization request comes here too, with no grant_type (§4.6).
  if (await isDeviceAuthorizationRequest(ctx, params)) {
    return sendTokenResponse(reply, await authorizeDevice(ctx, params, 'salesforce'), format)
  }
  const grant = await selectGrant(ctx, params, GRANTS)
  const grantCtx: GrantContext = { ...ctx, params }
  let response: TokenResponse
  if (grant.client === 'authenticated') {
    const client = await authenticateClient(grantCtx, grant)
    response = await grant.handle({ ...grantCtx, ...client })
  } else if (grant.authenticatesClient) {
    response = await grant.handle(grantCtx)
  } else {
    await skipClientAuthentication(
      ctx,
      `${grant.grantType}: the client is named by the assertion itself, not by client_id / client_secret`,
    )
    response = await grant.handle(grantCtx)
  }
  return sendTokenResponse(reply, response, format)
}

/** RFC 8628's device authorization endpoint: the same request, answered in the RFC's shape. */
async function handleDeviceAuthorization(
  engine: Gatehouse,
  services: TokenEndpointServices,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const ctx = requestContext(engine, request, services)
  await checkRequestShape(ctx)
  const params = await readTokenParams(ctx)
  const format = await chooseResponseFormat(ctx, params)
  return sendTokenResponse(reply, await authorizeDevice(ctx, params, 'rfc8628'), format)
}

/**
 * POST /services/oauth2/token: every grant this server implements, and Salesforce's device
 * authorization request; POST /services/oauth2/device/authorize: RFC 8628's. The routes live
 * in their own encapsulated scope so it can read any body type itself (and refuse it as
 * invalid_request) instead of the server-wide JSON and text parsers answering first.
 */
export async function registerToken(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const services: TokenEndpointServices = { lockout: new PasswordLockout() }

  await app.register(async (scope) => {
    scope.removeContentTypeParser(['application/json', 'text/plain'])
    // Anything that is not a form body is kept raw; request.content_type then refuses it.
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: TOKEN_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    )
    // Set before anything can fail, so errors (including parser errors) are not cached either.
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.headers(noStoreHeaders)
      done()
    })
    // Protocol errors are answered in the format the request asked for (json, urlencoded, xml).
    scope.setErrorHandler((err, request, reply) => {
      const error = asBodyError(err, request) ?? err
      if (error instanceof OAuthError)
        return sendTokenError(reply, error, responseFormatOf(request))
      throw error
    })

    scope.post(TOKEN_PATH, { bodyLimit: TOKEN_BODY_LIMIT }, (request, reply) =>
      handleToken(engine, services, request, reply),
    )
    scope.post(DEVICE_AUTHORIZATION_PATH, { bodyLimit: TOKEN_BODY_LIMIT }, (request, reply) =>
      handleDeviceAuthorization(engine, services, request, reply),
    )
    scope.route({
      method: [...OTHER_METHODS],
      url: TOKEN_PATH,
      handler: async (request) => {
        await check(requestContext(engine, request, services), requestMethod)
        throw new Error('unreachable: requestMethod refuses every method but POST')
      },
    })
  })
}
