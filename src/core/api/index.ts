import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { restGate } from './authenticate'
import { registerLimits } from './routes/limits'
import { registerQuery } from './routes/query'
import { registerRecords } from './routes/records'
import { registerSObjects } from './routes/sobjects'
import { registerResourceMap, registerVersionList } from './routes/versions'
import { restErrors } from './errors'
import { createRestServices } from './services'

/**
 * The emulated org's REST API at Salesforce's paths: `GET /services/data` without
 * authentication, and everything under `/services/data/vNN.N/` behind the gate (token,
 * scope, API permission, daily limit). Each route family lives in its own module.
 */
export async function registerRestApi(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const services = createRestServices(engine)
  registerVersionList(app)
  await app.register(async (api) => {
    acceptJsonBodies(api)
    api.addHook('onRequest', restGate(services))
    registerResourceMap(api, services)
    registerLimits(api, services)
    registerSObjects(api, services)
    registerRecords(api, services)
    registerQuery(api, services)
  })
  services.limits.counter.start()
  app.addHook('onClose', async () => services.limits.counter.stop())
}

/**
 * JSON bodies for the REST routes. Salesforce ignores an empty body sent with
 * `Content-Type: application/json` (simple-salesforce sends that header on every call,
 * DELETE included), where Fastify's own parser refuses it; bad JSON is JSON_PARSER_ERROR.
 */
function acceptJsonBodies(api: FastifyInstance): void {
  api.removeContentTypeParser('application/json')
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch (err) {
      done(restErrors.jsonParser((err as Error).message), undefined)
    }
  })
}
