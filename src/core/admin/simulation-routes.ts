import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { clientIpSettingsInput, SimulationError } from '../policy/simulation'
import { invalidRequest } from './errors'
import { route, type AdminRoute } from './route'

/**
 * The simulated client IP (DESIGN.md "Client IP"): the address requests are judged by,
 * globally, per app and per user, and whether X-Forwarded-For is trusted. Turning a
 * simulated address off only changes which address is judged; the checks always run.
 */

const clientIpView = z.object({
  clientIp: z.string().nullable(),
  appClientIps: z.record(z.string(), z.string()),
  userClientIps: z.record(z.string(), z.string()),
  trustForwardedFor: z.boolean(),
})

export function simulationRoutes(engine: Gatehouse): AdminRoute[] {
  const { simulation } = engine.policy
  const answer = { status: 200, description: 'The simulated client IPs now.', schema: clientIpView }
  return [
    route({
      method: 'GET',
      path: '/simulation/client-ip',
      operationId: 'getClientIp',
      tag: 'Simulation',
      summary: 'The simulated client IPs and whether X-Forwarded-For is trusted',
      response: answer,
      handler: () => simulation.get(),
    }),
    route({
      method: 'PUT',
      path: '/simulation/client-ip',
      operationId: 'setClientIp',
      tag: 'Simulation',
      summary: 'Change the simulated client IPs; fields left out stay as they are',
      body: clientIpSettingsInput,
      response: answer,
      handler: ({ body }) => {
        try {
          return simulation.set(body)
        } catch (error) {
          if (error instanceof SimulationError) {
            throw invalidRequest(error.issues.map((issue) => ({ in: 'body', ...issue })))
          }
          throw error
        }
      },
    }),
  ]
}
