import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { FaultRuleError } from '../policy/faults/rules'
import { PRESETS } from '../policy/faults/presets'
import { FAULT_PRESETS, faultRuleSchema } from '../workspace/schema'
import { AdminError, invalidRequest, notFound } from './errors'
import { route, type AdminRoute } from './route'

/**
 * Fault rules at run time (README "Fault rules"): list, add, turn on or off, re-arm and
 * remove. Changes take effect on the next request and are part of the workspace (export
 * writes them). Each rule's view says how often it fired and how many of its `times` remain.
 */

const faultIdParams = z.strictObject({
  id: z.string().min(1).describe('The rule id (rule-1, rule-2 … for rules without one).'),
})

const faultRuleView = faultRuleSchema.extend({
  id: z.string(),
  enabled: z.boolean(),
  position: z.number().int().describe('Place in the workspace list; the first match fires.'),
  fired: z.number().int().describe('Times it fired since it was last armed.'),
  remaining: z
    .number()
    .int()
    .nullable()
    .describe('Matching requests it will still touch (when.times); null: unlimited.'),
  lastFiredAt: z.number().nullable().describe('Virtual-clock ms of the last time it fired.'),
})

const presetView = z.object({
  name: z.enum(FAULT_PRESETS),
  summary: z.string(),
  appliesTo: z.array(z.string()),
})

/** The engine's refusals in the admin API's shape. */
function asAdminError(error: unknown): unknown {
  if (!(error instanceof FaultRuleError)) return error
  if (error.kind === 'not_found') return notFound(error.message)
  if (error.kind === 'duplicate') {
    return new AdminError(
      409,
      'conflict',
      error.message,
      error.issues.map((i) => ({ in: 'body', ...i })),
    )
  }
  return invalidRequest(error.issues.map((issue) => ({ in: 'body', ...issue })))
}

function run<T>(action: () => T): T {
  try {
    return action()
  } catch (error) {
    throw asAdminError(error)
  }
}

export function faultRoutes(engine: Gatehouse): AdminRoute[] {
  const { faults } = engine.policy
  const one = { status: 200, description: 'The rule.', schema: faultRuleView }
  return [
    route({
      method: 'GET',
      path: '/faults',
      operationId: 'listFaults',
      tag: 'Faults',
      summary: 'The fault rules, in the order they are tried',
      response: { status: 200, description: 'The rules.', schema: z.array(faultRuleView) },
      handler: () => faults.list(),
    }),
    route({
      method: 'POST',
      path: '/faults',
      operationId: 'addFault',
      tag: 'Faults',
      summary: 'Add a fault rule at the end of the list (an id is generated when absent)',
      body: faultRuleSchema,
      errors: [409],
      response: { status: 201, description: 'The rule as stored, armed.', schema: faultRuleView },
      handler: ({ body }) => run(() => faults.add(body)),
    }),
    route({
      method: 'GET',
      path: '/faults/presets',
      operationId: 'listFaultPresets',
      tag: 'Faults',
      summary: 'The named failures a rule can ask for, and where each applies',
      response: { status: 200, description: 'The presets.', schema: z.array(presetView) },
      handler: () =>
        FAULT_PRESETS.map((name) => ({
          name,
          summary: PRESETS[name].summary,
          appliesTo: [...PRESETS[name].appliesTo],
        })),
    }),
    route({
      method: 'GET',
      path: '/faults/{id}',
      operationId: 'getFault',
      tag: 'Faults',
      summary: 'One fault rule and its counts',
      params: faultIdParams,
      errors: [404],
      response: one,
      handler: ({ params }) => run(() => faults.get(params.id)),
    }),
    route({
      method: 'PATCH',
      path: '/faults/{id}',
      operationId: 'setFaultEnabled',
      tag: 'Faults',
      summary: 'Turn a rule on or off; turning it on re-arms its times',
      params: faultIdParams,
      body: z.strictObject({ enabled: z.boolean() }),
      errors: [404],
      response: one,
      handler: ({ params, body }) => run(() => faults.setEnabled(params.id, body.enabled)),
    }),
    route({
      method: 'POST',
      path: '/faults/{id}/toggle',
      operationId: 'toggleFault',
      tag: 'Faults',
      summary: 'Turn a rule the other way round (on ↔ off)',
      params: faultIdParams,
      errors: [404],
      response: one,
      handler: ({ params }) => run(() => faults.setEnabled(params.id)),
    }),
    route({
      method: 'POST',
      path: '/faults/{id}/reset',
      operationId: 'resetFault',
      tag: 'Faults',
      summary: 'Re-arm a rule: zero fired, all of its times available again',
      params: faultIdParams,
      errors: [404],
      response: one,
      handler: ({ params }) => run(() => faults.reset(params.id)),
    }),
    route({
      method: 'DELETE',
      path: '/faults/{id}',
      operationId: 'removeFault',
      tag: 'Faults',
      summary: 'Remove a rule',
      params: faultIdParams,
      errors: [404],
      response: { status: 204, description: 'Removed.' },
      handler: ({ params }) => run(() => faults.remove(params.id)),
    }),
  ]
}
