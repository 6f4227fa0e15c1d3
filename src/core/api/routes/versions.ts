import type { FastifyInstance } from 'fastify'
import { identityUrl } from '../../tokens/issue'
import { callerOf, type RestServices } from '../services'
import { apiVersions } from '../versions'

/** `GET /services/data` (no authentication, as on Salesforce): the versions on offer. */
export function registerVersionList(app: FastifyInstance): void {
  for (const url of ['/services/data', '/services/data/']) {
    app.get(url, async () => apiVersions())
  }
}

/**
 * `GET /services/data/vNN.N/`: the resources of one version. Only those Gatehouse serves
 * are listed, plus `identity` (jsforce reads the identity URL from here when it has none).
 */
export function registerResourceMap(api: FastifyInstance, services: RestServices): void {
  for (const url of ['/services/data/:version', '/services/data/:version/']) {
    api.get(url, async (request) => {
      const { version, user } = callerOf(request)
      const base = `/services/data/v${version}`
      const org = services.orgFacts().org
      return {
        limits: `${base}/limits`,
        sobjects: `${base}/sobjects`,
        query: `${base}/query`,
        queryAll: `${base}/queryAll`,
        identity: identityUrl(services.engine.baseUrl, org.id, user.id),
      }
    })
  }
}
