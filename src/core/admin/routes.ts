import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { ADMIN_API_PREFIX, DESKTOP_RENDERER_ORIGIN } from '../../shared/admin-api'
import { GATEHOUSE_VERSION } from '../version'
import { appRoutes } from './apps-routes'
import { breakpointRoutes } from './breakpoint-routes'
import { isAdminAuthorized } from './auth'
import { clockRoutes } from './clock-routes'
import { AdminError, installAdminErrorHandler } from './errors'
import { faultRoutes } from './fault-routes'
import { EventStreams } from './event-stream'
import { eventRoutes } from './events-routes'
import { jwtRoutes } from './jwt-routes'
import { keyRoutes } from './keys-routes'
import { buildOpenApi } from './openapi'
import { statusSchema } from './output-schemas'
import { profileRoutes } from './profiles-routes'
import { mountRoutes, route, type AdminRoute } from './route'
import { runRoutes } from './run-routes'
import { scenarioRoutes } from './scenario-routes'
import { catalogRoutes } from './catalog-routes'
import { permissionSetRoutes } from './permission-set-routes'
import { usageRoutes } from './usage-routes'
import { simulationRoutes } from './simulation-routes'
import { traceRoutes } from './trace-routes'
import { userRoutes } from './users-routes'
import { workspaceRoutes } from './workspace-routes'
import { sfdxRoutes } from './sfdx-routes'

/**
 * Every admin operation. The OpenAPI document is generated from this list, so a route
 * cannot exist undocumented.
 */
export function adminRoutes(engine: Gatehouse, streams: EventStreams): AdminRoute[] {
  const routes: AdminRoute[] = [
    route({
      method: 'GET',
      path: '/status',
      operationId: 'getStatus',
      tag: 'Engine',
      summary: 'The emulated org, its URLs and the server state',
      response: { status: 200, description: 'Status.', schema: statusSchema },
      handler: () => engine.status(),
    }),
    ...workspaceRoutes(engine),
    ...sfdxRoutes(engine),
    ...appRoutes(engine),
    ...userRoutes(engine),
    ...profileRoutes(engine),
    ...keyRoutes(engine),
    ...jwtRoutes(engine),
    ...clockRoutes(engine),
    ...faultRoutes(engine),
    ...breakpointRoutes(engine),
    ...simulationRoutes(engine),
    ...traceRoutes(engine),
    ...runRoutes(engine),
    ...scenarioRoutes(engine),
    ...catalogRoutes(engine),
    ...permissionSetRoutes(engine),
    ...usageRoutes(engine),
    ...eventRoutes(engine, streams),
  ]
  let openApi: Record<string, unknown> | undefined
  routes.push(
    route({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'getOpenApi',
      tag: 'Engine',
      summary: 'This API described in OpenAPI 3.1',
      response: { status: 200, description: 'The OpenAPI document.' },
      handler: () => (openApi ??= buildOpenApi(routes, GATEHOUSE_VERSION)),
    }),
  )
  return routes
}

/** The origin a same-origin browser request carries: the page is served by this server. */
function isOwnOrigin(request: FastifyRequest, origin: string): boolean {
  const host = request.headers.host
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)
}

/**
 * The admin API: what the UI and scripts use to read and steer the engine. Every route
 * needs the per-launch token. CORS is closed except for the desktop renderer's own origin
 * (the browser UI is same-origin and needs none); a request from any other origin is
 * refused outright, token or not.
 */
export async function registerAdminApi(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const streams = new EventStreams()
  app.addHook('preClose', (done) => {
    streams.closeAll()
    done()
  })

  await app.register(
    async (admin) => {
      installAdminErrorHandler(admin)
      admin.addHook('onRequest', async (request, reply) => {
        const origin = request.headers.origin
        if (origin === DESKTOP_RENDERER_ORIGIN) {
          reply.header('access-control-allow-origin', origin)
          reply.header('vary', 'Origin')
          if (request.method === 'OPTIONS') {
            return reply
              .code(204)
              .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
              .header('access-control-allow-headers', 'authorization, content-type, last-event-id')
              .header('access-control-max-age', '600')
              .send()
          }
        } else if (origin !== undefined && !isOwnOrigin(request, origin)) {
          const refused = new AdminError(
            403,
            'forbidden_origin',
            `requests from ${origin} are not accepted`,
          )
          return reply.code(403).send(refused.toJSON())
        }
        reply.header('cache-control', 'no-store')
        if (!isAdminAuthorized(request.headers.authorization, engine.adminToken)) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="gatehouse-admin"')
            .send({ error: 'unauthorized', message: 'missing or wrong admin token' })
        }
      })

      // Preflights reach the hook above through this route (it answers them itself).
      admin.options('/*', async (_request, reply) => reply.code(204).send())
      mountRoutes(admin, adminRoutes(engine, streams))
      // Unknown admin paths pass the token check too, so they say nothing to a stranger.
      admin.route({
        method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        url: '/*',
        handler: async () => {
          throw new AdminError(404, 'not_found', 'no such admin route')
        },
      })
    },
    { prefix: ADMIN_API_PREFIX },
  )
}
