import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { FlowNotReplayable, scenarioFromFlow } from '../scenarios/from-flow'
import { exchangeDetail, flowSummary } from '../trace/views'
import { AdminError, notFound } from './errors'
import { idParams } from './input-schemas'
import { route, type AdminRoute } from './route'

/**
 * "Save as scenario" (README "Scenarios and gatehouse test"): any recorded flow as a scenario
 * file that replays it through the flow runner, the observed outcomes as its expectations.
 */

const scenarioQuery = z.strictObject({
  workspace: z
    .string()
    .min(1)
    .regex(/\.json$/, { error: 'expected a .json file name' })
    .optional()
    .describe(
      'The workspace file the scenario names, relative to it (default gatehouse.workspace.json).',
    ),
})

export function scenarioRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/flows/{id}/scenario',
      operationId: 'getFlowScenario',
      tag: 'Trace',
      summary: 'The flow as a scenario file (gatehouse test) that replays it through the runner',
      params: idParams,
      query: scenarioQuery,
      errors: [404, 409, 503],
      response: { status: 200, description: 'A scenario file (scenario/1).' },
      handler: async ({ params, query, reply }) => {
        if (!engine.recorder) {
          throw new AdminError(503, 'recorder_disabled', 'recording is off')
        }
        await engine.recorder.flush()
        const store = engine.recorder.store
        const row = store.flow(params.id)
        if (!row) throw notFound(`no flow has id ${params.id}`)
        const exchanges = store.fullExchangesOfFlow(row.id).map(exchangeDetail)
        try {
          const scenario = scenarioFromFlow(flowSummary(row), exchanges, {
            workspace: query.workspace ?? 'gatehouse.workspace.json',
          })
          reply.header(
            'content-disposition',
            `attachment; filename="gatehouse-flow-${row.id}.scenario.json"`,
          )
          return scenario
        } catch (error) {
          if (error instanceof FlowNotReplayable) {
            throw new AdminError(409, 'not_replayable', error.message)
          }
          throw error
        }
      },
    }),
  ]
}
