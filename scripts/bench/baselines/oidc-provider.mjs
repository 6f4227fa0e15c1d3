// Baseline: the peer. oidc-provider (panva) serving client credentials with RS256 JWT access
// tokens through a resource indicator (accessTokenFormat 'jwt'), default in-memory adapter
// (which does not store JWT access tokens), client authentication by HTTP Basic.
// oidc-provider 9 prefers Node 22 and warns on Node 20 (stderr); it runs, as in the anchors.
import { generateKeyPair, exportJWK } from 'jose'
import Provider from 'oidc-provider'
import { announce, stopOnSignal } from './announce.mjs'
import { BASELINE_CLIENT } from './client.mjs'

const RESOURCE = 'urn:bench:api'

const { privateKey } = await generateKeyPair('RS256', { extractable: true })
const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' }

const provider = new Provider('http://127.0.0.1', {
  clients: [
    {
      client_id: BASELINE_CLIENT.id,
      client_secret: BASELINE_CLIENT.secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'api',
    },
  ],
  scopes: ['api'],
  jwks: { keys: [jwk] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: RESOURCE,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
})

const server = provider.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
announce(server)
stopOnSignal(() => new Promise((resolve) => server.close(resolve)))
