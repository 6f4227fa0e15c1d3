import type { KeysResponse } from '../../shared/admin-api'
import type { Gatehouse } from '../gatehouse'
import { keysSchema } from './output-schemas'
import { route, type AdminRoute } from './route'

function keysView(engine: Gatehouse): KeysResponse {
  const { keys } = engine.oauth
  return { activeKid: keys.active().kid, keys: keys.jwks().keys }
}

/** The org's signing keys (published at /id/keys). */
export function keyRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/keys',
      operationId: 'getKeys',
      tag: 'Keys',
      summary: 'The published signing keys and the one that signs now',
      response: { status: 200, description: 'Public keys only.', schema: keysSchema },
      handler: () => keysView(engine),
    }),
    route({
      method: 'POST',
      path: '/keys/rotate',
      operationId: 'rotateKeys',
      tag: 'Keys',
      summary: 'Make a new key the signer; older keys stay published',
      response: { status: 200, description: 'The keys after rotation.', schema: keysSchema },
      handler: () => {
        engine.oauth.keys.rotate()
        return keysView(engine)
      },
    }),
  ]
}
