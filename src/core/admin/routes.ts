import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { ADMIN_API_PREFIX, DESKTOP_RENDERER_ORIGIN } from '../../shared/admin-api'
import { isAdminAuthorized } from './auth'

/**
 * The admin API: what the UI and scripts use to read and steer the engine. Every route
 * needs the per-launch token. CORS is closed except for the desktop renderer's own origin
 * (the browser UI is same-origin and needs none).
 */
export async function registerAdminApi(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  await app.register(
    async (admin) => {
      admin.addHook('onRequest', async (request, reply) => {
        const origin = request.headers.origin
        if (origin === DESKTOP_RENDERER_ORIGIN) {
          reply.header('access-control-allow-origin', origin)
          reply.header('vary', 'Origin')
          if (request.method === 'OPTIONS') {
            return reply
              .code(204)
              .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
              .header('access-control-allow-headers', 'authorization, content-type')
              .header('access-control-max-age', '600')
              .send()
          }
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
      admin.get('/status', async () => engine.status())
    },
    { prefix: ADMIN_API_PREFIX },
  )
}
