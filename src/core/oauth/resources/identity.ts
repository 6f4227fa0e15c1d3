import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { noStoreHeaders } from '../../http/security-headers'
import { sfErrors } from '../../salesforce/oauth-errors'
import { readBearer } from '../../tokens/bearer'
import { param, readParams, type Params } from '../params'
import { check, step } from '../steps'
import { readIdentityRendering, sendIdentity } from './identity-format'
import { requireIdentityToken, sendIdentityError, type PresentedToken } from './identity-access'
import { identityDocument } from './user-claims'

interface IdentityPath {
  orgId: string
  userId: string
}

/**
 * The identity URL (`GET /id/{orgId}/{userId}`), the address every token response's `id`
 * points at. The token comes as a Bearer header or `?oauth_token=` (jsforce sends both);
 * either id may be 15 or 18 characters. A token reads only its own user's identity: another
 * user is 404 Bad_Id and another org 403 Wrong_Org (Salesforce's identity-service codes).
 * `format`, `version` and JSONP `callback` shape the answer (identity-format.ts).
 */
export async function registerIdentity(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const handler = async (
    request: FastifyRequest<{ Params: IdentityPath }>,
    reply: FastifyReply,
  ) => {
    reply.headers(noStoreHeaders)
    const trace = request.gatehouse
    try {
      const params = readParams(request.query, request.method === 'POST' ? request.body : null)
      const path = await readIdentityPath(trace, request.params)
      const expected = 'an Authorization: Bearer header or the oauth_token parameter'
      const caller = await requireIdentityToken(trace, engine, readToken(request, params), expected)
      const org = engine.org()

      await check(
        trace,
        step('token.org', () => {
          if (!sameId(path.orgId, org.id)) {
            throw sfErrors
              .wrongOrg()
              .because(`the URL names org ${path.orgId}; this org is ${org.id}`)
          }
          return `the URL names this org (${org.id})`
        }),
      )
      await check(
        trace,
        step('token.owner', () => {
          if (!sameId(path.userId, caller.user.id)) {
            throw sfErrors
              .badId()
              .because(
                `the URL names user ${path.userId}; the token belongs to ${caller.user.username} (${caller.user.id})`,
              )
          }
          return `the URL names the token's own user, ${caller.user.username}`
        }),
      )
      const rendering = await readIdentityRendering(trace, params, request.headers.accept)
      return sendIdentity(
        reply,
        identityDocument({ baseUrl: engine.baseUrl, org, user: caller.user }),
        rendering,
      )
    } catch (err) {
      return sendIdentityError(reply, err)
    }
  }
  app.get('/id/:orgId/:userId', handler)
  app.post('/id/:orgId/:userId', handler)
}

/** Both path ids must look like an org id (00D…) and a user id (005…), 15 or 18 characters. */
async function readIdentityPath(
  trace: FastifyRequest['gatehouse'],
  path: IdentityPath,
): Promise<IdentityPath> {
  await check(
    trace,
    step('id.path', () => {
      if (!idShaped(path.orgId, '00D') || !idShaped(path.userId, '005')) {
        throw sfErrors
          .badId()
          .because(
            `/id/${path.orgId}/${path.userId} does not name an org id (00D…) and a user id (005…)`,
          )
      }
      return `org ${path.orgId}, user ${path.userId}`
    }),
  )
  return path
}

const idShaped = (id: string, prefix: string) =>
  new RegExp(`^${prefix}[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$`).test(id)

/**
 * Whether a URL id names a stored 18-character id. The first 15 characters are the id
 * (case-sensitive); the 3-character suffix only encodes their case, so it is compared
 * without regard to case, and a 15-character id needs none.
 */
function sameId(urlId: string, storedId: string): boolean {
  if (urlId.slice(0, 15) !== storedId.slice(0, 15)) return false
  return urlId.length === 15 || urlId.slice(15).toUpperCase() === storedId.slice(15).toUpperCase()
}

/** The Authorization header wins over `oauth_token` (jsforce sends both, with one value). */
function readToken(request: FastifyRequest, params: Params): PresentedToken | undefined {
  const fromHeader = readBearer(request.headers.authorization)
  if (fromHeader !== undefined) return { token: fromHeader, from: 'the Authorization header' }
  const fromParam = param(params, 'oauth_token')
  if (fromParam !== undefined) return { token: fromParam, from: 'the oauth_token parameter' }
  return undefined
}
