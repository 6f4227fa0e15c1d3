// Baseline: the signing ceiling of a token server. The least a client-credentials endpoint
// must do: parse the form, check HTTP Basic credentials (SHA-256 digests, constant time) and
// sign one RS256 JWT access token per request with jose. No storage, no policy, no events:
// it marks what is reachable, not a complete server.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { generateKeyPair, SignJWT } from 'jose'
import { announce, stopOnSignal } from './announce.mjs'
import { BASELINE_CLIENT } from './client.mjs'

const digest = (value) => createHash('sha256').update(value).digest()
const secretDigest = digest(BASELINE_CLIENT.secret)
const { privateKey } = await generateKeyPair('RS256')
const issuer = 'http://127.0.0.1'

function clientOf(header) {
  const match = /^Basic (.+)$/.exec(header ?? '')
  if (!match) return null
  const [id, secret] = Buffer.from(match[1], 'base64').toString().split(':')
  if (id !== BASELINE_CLIENT.id || secret === undefined) return null
  return timingSafeEqual(digest(secret), secretDigest) ? id : null
}

const app = Fastify({ logger: false })
await app.register(formbody)
app.post('/token', async (request, reply) => {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
  const clientId = clientOf(request.headers.authorization)
  if (!clientId) return reply.code(401).send({ error: 'invalid_client' })
  if (request.body?.grant_type !== 'client_credentials') {
    return reply.code(400).send({ error: 'unsupported_grant_type' })
  }
  const now = Math.floor(Date.now() / 1000)
  const accessToken = await new SignJWT({ scope: 'api', client_id: clientId })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'bench' })
    .setIssuer(issuer)
    .setSubject(clientId)
    .setAudience('urn:bench:api')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .setJti(randomUUID())
    .sign(privateKey)
  return { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: 'api' }
})
await app.listen({ host: '127.0.0.1', port: 0 })
announce(app.server)
stopOnSignal(() => app.close())
