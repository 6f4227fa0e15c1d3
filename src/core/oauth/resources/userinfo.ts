import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { noStoreHeaders } from '../../http/security-headers'
import { sfErrors } from '../../salesforce/oauth-errors'
import { readBearer } from '../../tokens/bearer'
import { param, readParams } from '../params'
import { check, step } from '../steps'
import { requireIdentityToken, sendIdentityError, type PresentedToken } from './identity-access'
import { userInfoClaims } from './user-claims'

export const USERINFO_PATH = '/services/oauth2/userinfo'

/**
 * OIDC UserInfo (`GET` or `POST /services/oauth2/userinfo`): the token's user, shaped as
 * Salesforce answers it. The token comes in the Authorization header, or (POST) as
 * `access_token` in a form body (RFC 6750 §2.2). Bad tokens get a plain-text 403.
 */
export async function registerUserInfo(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(noStoreHeaders)
    const trace = request.gatehouse
    try {
      const token = await readUserInfoToken(request)
      const expected = 'an Authorization: Bearer header (or access_token in a POST body)'
      const caller = await requireIdentityToken(trace, engine, token, expected)
      return reply.send(
        userInfoClaims({ baseUrl: engine.baseUrl, org: engine.org(), user: caller.user }),
      )
    } catch (err) {
      return sendIdentityError(reply, err)
    }
  }
  app.get(USERINFO_PATH, handler)
  app.post(USERINFO_PATH, handler)
}

/** The presented token; RFC 6750 §3.1: using more than one way at once is invalid_request. */
async function readUserInfoToken(request: FastifyRequest): Promise<PresentedToken | undefined> {
  const fromHeader = readBearer(request.headers.authorization)
  const fromBody =
    request.method === 'POST' ? param(readParams(request.body), 'access_token') : undefined
  if (fromHeader !== undefined && fromBody !== undefined) {
    await check(
      request.gatehouse,
      step('token.read', () => {
        throw sfErrors
          .invalidRequest('access token presented in more than one way')
          .because('the access token was sent both in the Authorization header and in the body')
      }),
    )
  }
  if (fromHeader !== undefined) return { token: fromHeader, from: 'the Authorization header' }
  if (fromBody !== undefined) return { token: fromBody, from: 'access_token in the body' }
  return undefined
}
