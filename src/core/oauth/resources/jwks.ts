import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../../gatehouse'

export const JWKS_PATH = '/id/keys'

/**
 * The org's public signing keys (`GET /id/keys`), the `jwks_uri` of discovery: every key
 * still published, so tokens signed before a rotation keep verifying. KeyService exports
 * public members only.
 */
export async function registerJwks(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  app.get(JWKS_PATH, async (request) => {
    const jwks = engine.oauth.keys.jwks()
    request.gatehouse.log.pass(
      'keys.publish',
      `published key ids ${jwks.keys.map((k) => k.kid).join(', ')}; the active one is ${engine.oauth.keys.active().kid}`,
    )
    return jwks
  })
}
