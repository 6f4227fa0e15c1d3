// Load scenarios of the baselines the bench starts itself: the HTTP ceiling (bare Fastify),
// the token-server ceiling (minimal RS256 token server) and the peer (oidc-provider).
import { BASELINE_CLIENT } from '../baselines/client.mjs'
import { basic, call, FORM, formBody, isJwt, jwtHeader } from '../http.mjs'

const tokenRequest = (path, secret) => ({
  method: 'POST',
  path,
  headers: { authorization: basic(BASELINE_CLIENT.id, secret), 'content-type': FORM },
  body: formBody({ grant_type: 'client_credentials', scope: 'api' }),
})

/** Checks a baseline token server: an RS256 JWT for the right secret, a 401 for a wrong one. */
async function probeJwtServer(server, path) {
  const good = await call(server.url, tokenRequest(path, BASELINE_CLIENT.secret))
  if (good.status !== 200 || !isJwt(good.json?.access_token)) {
    return { invalid: `expected a JWT access token, got ${good.status} ${good.text.slice(0, 200)}` }
  }
  if (jwtHeader(good.json.access_token).alg !== 'RS256') return { invalid: 'token is not RS256' }
  const bad = await call(server.url, tokenRequest(path, 'wrong-secret'))
  if (bad.status !== 401) return { invalid: `a wrong secret got ${bad.status}, expected 401` }
  return { request: tokenRequest(path, BASELINE_CLIENT.secret) }
}

export const baselineScenarios = [
  {
    id: 'baseline.fastify-fixed',
    title: 'bare Fastify route, fixed JSON (HTTP ceiling)',
    server: 'fastify',
    async prepare(server) {
      const probe = await call(server.url, { path: '/fixed' })
      if (probe.status !== 200) return { invalid: `GET /fixed answered ${probe.status}` }
      return { request: { path: '/fixed' } }
    },
  },
  {
    id: 'baseline.minimal-token',
    title: 'minimal Fastify token server, RS256 JWT per request',
    server: 'minimal',
    prepare: (server) => probeJwtServer(server, '/token'),
  },
  {
    id: 'baseline.minimal-opaque',
    title: 'minimal Fastify token server, opaque token + 1 SQLite row per request',
    server: 'minimalOpaque',
    async prepare(server) {
      const good = await call(server.url, tokenRequest('/token', BASELINE_CLIENT.secret))
      if (good.status !== 200 || typeof good.json?.access_token !== 'string') {
        return { invalid: `expected a token, got ${good.status} ${good.text.slice(0, 200)}` }
      }
      const bad = await call(server.url, tokenRequest('/token', 'wrong-secret'))
      if (bad.status !== 401) return { invalid: `a wrong secret got ${bad.status}, expected 401` }
      return { request: tokenRequest('/token', BASELINE_CLIENT.secret) }
    },
  },
  {
    id: 'baseline.oidc-provider',
    title: 'oidc-provider, client_credentials, RS256 JWT access token',
    server: 'oidc',
    prepare: (server) => probeJwtServer(server, '/token'),
  },
]
