import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { registerAuthorize } from './authorize'
import { registerDeviceVerification } from './device/verification'
import { registerDiscovery } from './discovery'
import { registerIdentity } from './resources/identity'
import { registerIntrospect } from './resources/introspect'
import { registerJwks } from './resources/jwks'
import { registerRevoke } from './resources/revoke'
import { registerToken } from './token'
import { registerUserInfo } from './resources/userinfo'

/**
 * The emulated org's authorization server: every OAuth route, at Salesforce's paths.
 * Each endpoint lives in its own module; this file only mounts them.
 */
export async function registerOAuth(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  await registerDiscovery(app, engine)
  await registerAuthorize(app, engine)
  await registerToken(app, engine)
  await registerJwks(app, engine)
  await registerRevoke(app, engine)
  await registerIntrospect(app, engine)
  await registerUserInfo(app, engine)
  await registerIdentity(app, engine)
  await registerDeviceVerification(app, engine)
}
