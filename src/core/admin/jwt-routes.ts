import { SignJWT, type JWTPayload } from 'jose'
import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { route, type AdminRoute } from './route'

const jwtSignBody = z.strictObject({
  header: z
    .record(z.string(), z.unknown())
    .default(() => ({}))
    .describe('Protected header members; alg is always RS256 and kid the signing key’s.'),
  claims: z.record(z.string(), z.unknown()).describe('The claims, signed as given.'),
  key: z
    .literal('gatehouse')
    .describe(
      'Which key signs: "gatehouse", the org’s active signing key (published at /id/keys).',
    ),
})

const jwtSignResponse = z.object({
  token: z.string(),
  kid: z.string(),
  alg: z.literal('RS256'),
})

/**
 * Signs any claims with the org's own key: the workbench's JWT inspector uses it to build
 * tokens by hand (e.g. an id_token with a wrong audience, to see a client reject it).
 */
export function jwtRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'POST',
      path: '/jwt/sign',
      operationId: 'signJwt',
      tag: 'Keys',
      summary: 'Sign a JWT with the org’s active signing key',
      body: jwtSignBody,
      response: { status: 200, description: 'The signed JWT.', schema: jwtSignResponse },
      handler: async ({ body }) => {
        const key = engine.oauth.keys.active()
        const token = await new SignJWT(body.claims as JWTPayload)
          .setProtectedHeader({ ...body.header, alg: 'RS256', kid: key.kid })
          .sign(key.privateKey)
        return { token, kid: key.kid, alg: 'RS256' as const }
      },
    }),
  ]
}
