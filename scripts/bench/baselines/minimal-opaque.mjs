// Baseline: the ceiling of an opaque-token endpoint that stores its tokens. Form parsing, an
// HTTP Basic check (SHA-256 digests, constant time), a random token, and one row per token in
// SQLite (better-sqlite3, WAL, synchronous=NORMAL: what Gatehouse's store uses), its SHA-256
// as the key. No policy, no lineage, no recorder: what an opaque-token server can reach here.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { announce, stopOnSignal } from './announce.mjs'
import { BASELINE_CLIENT } from './client.mjs'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: minimal-opaque.mjs <data folder>')

const db = new Database(join(dataDir, 'tokens.db'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`CREATE TABLE IF NOT EXISTS access_tokens (
  token_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL, scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`)
const insert = db.prepare('INSERT INTO access_tokens VALUES (?, ?, ?, ?, ?)')

const digest = (value) => createHash('sha256').update(value).digest()
const secretDigest = digest(BASELINE_CLIENT.secret)

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
  const token = randomBytes(48).toString('base64url')
  const now = Date.now()
  insert.run(digest(token).toString('hex'), clientId, 'api', now, now + 3_600_000)
  return { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: 'api' }
})
await app.listen({ host: '127.0.0.1', port: 0 })
announce(app.server)
stopOnSignal(async () => {
  await app.close()
  db.close()
})
