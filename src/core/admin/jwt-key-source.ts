import type { Gatehouse } from '../gatehouse'
import type { JwtKeySource } from '../trace/jwt'

/** The keys a recorded JWT is checked against: Gatehouse's own, or the app's certificate. */
export function keySource(engine: Gatehouse): JwtKeySource {
  return {
    gatehouseKey: (kid) => engine.oauth.keys.publicKey(kid),
    app: (consumerKey) => {
      const app = engine.store.workspace.findAppByConsumerKey(consumerKey)
      return app ? { name: app.name, certificate: app.certificate } : undefined
    },
  }
}
