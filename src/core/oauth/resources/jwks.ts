import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { accessTokenJwks } from '../../tokens/jwt-access-token'

export const JWKS_PATH = '/id/keys'

/**
 * The org's public signing keys (`GET /id/keys`), the `jwks_uri` of discovery: every key
 * still published, so tokens signed before a rotation keep verifying. KeyService exports
 * public members only. Each key appears twice: under its numeric kid (id_tokens) and under
 * the `CORE_ATJWT.<org15>.<ms>` name JWT access tokens carry (reference §2.3).
 */
export async function registerJwks(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  app.get(JWKS_PATH, async (request) => {
    const jwks = engine.oauth.keys.jwks()
    const aliases = accessTokenJwks(engine.oauth.keys, engine.org().id)
    request.gatehouse.log.pass(
      'keys.publish',
      `published key ids ${jwks.keys.map((k) => k.kid).join(', ')} (for JWT access tokens also as ${aliases.map((k) => k.kid).join(', ')}); the active one is ${engine.oauth.keys.active().kid}`,
    )
    return { keys: [...jwks.keys, ...aliases] }
  })
}
