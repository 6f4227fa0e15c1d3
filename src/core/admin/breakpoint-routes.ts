import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import type { Decision, FailWith } from '../policy/breakpoints/decision'
import { PausedExchangeError } from '../policy/breakpoints/paused'
import { BreakpointRuleError } from '../policy/breakpoints/rules'
import {
  BREAKPOINT_MAX_TIMEOUT_SECONDS,
  BREAKPOINT_STAGES,
  FAULT_PRESETS,
  breakpointRuleSchema,
} from '../workspace/schema'
import { AdminError, invalidRequest, notFound } from './errors'
import { route, type AdminRoute } from './route'

/**
 * Breakpoints (README "Breakpoints"): the rules, like the fault rules' routes, and the
 * exchanges they hold right now, with the three decisions a person or a script can take on
 * each — continue (optionally changed), fail with a preset or a Salesforce error, drop. A
 * second decision on the same exchange is refused with 409. Paused and released exchanges
 * are announced on the events stream (`paused`, `released`).
 */

const idParams = z.strictObject({
  id: z.string().min(1).describe('The breakpoint id (breakpoint-1 … for those without one).'),
})
const pausedParams = z.strictObject({
  id: z.string().min(1).describe('The paused exchange id (from GET /paused or the event).'),
})

const stage = z.enum(BREAKPOINT_STAGES)
const breakpointView = z.object({
  id: z.string(),
  name: z.string().optional(),
  enabled: z.boolean(),
  when: breakpointRuleSchema.shape.when,
  at: stage,
  timeoutSeconds: z.number().int(),
  position: z.number().int().describe('Place in the workspace list; the first match pauses.'),
  fired: z.number().int().describe('Exchanges it paused since it was last armed.'),
  remaining: z
    .number()
    .int()
    .nullable()
    .describe('Matching exchanges it will still pause (when.times); null: unlimited.'),
  lastFiredAt: z.number().nullable().describe('Virtual-clock ms of the last time it fired.'),
})

const breakpointChanges = z
  .strictObject({
    name: z.string().optional(),
    enabled: z.boolean().optional(),
    when: breakpointRuleSchema.shape.when.optional(),
    at: stage.optional(),
    timeoutSeconds: z.number().int().min(1).max(BREAKPOINT_MAX_TIMEOUT_SECONDS).optional(),
  })
  .describe('The fields to change (`when` replaces the whole matcher).')

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected an HTTP header name' })
const headerValues = z
  .record(
    headerName,
    z
      .string()
      .regex(/^[^\r\n]*$/, { error: 'expected a header value on one line' })
      .nullable(),
  )
  .describe('Headers to set; null removes one.')

const continueBody = z
  .strictObject({
    request: z
      .strictObject({
        params: z.record(z.string().min(1), z.string()).optional().describe('Set or add.'),
        removeParams: z.array(z.string().min(1)).optional(),
        headers: headerValues.optional(),
      })
      .optional()
      .describe('At request: the changes, made before the server decides.'),
    response: z
      .strictObject({
        status: z.number().int().min(100).max(599).optional(),
        headers: headerValues.optional(),
        body: z.string().optional(),
      })
      .optional()
      .describe('At response: the changes to the decided answer.'),
  })
  .optional()

const failBody = z
  .strictObject({
    preset: z.enum(FAULT_PRESETS).optional(),
    status: z.number().int().min(400).max(599).optional(),
    error: z.string().min(1).optional(),
    error_description: z.string().optional(),
  })
  .superRefine((body, ctx) => {
    const custom =
      body.status !== undefined || body.error !== undefined || body.error_description !== undefined
    if (body.preset !== undefined && custom) {
      ctx.addIssue({
        code: 'custom',
        path: ['preset'],
        message: 'expected either a preset or status and error, not both',
      })
    } else if (body.preset === undefined) {
      if (body.status === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['status'],
          message: 'expected a preset, or a status and an error',
        })
      }
      if (body.error === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['error'],
          message: 'expected a preset, or a status and an error',
        })
      }
    }
  })
  .describe('A fault preset, or a Salesforce error; answered in the endpoint’s own shape.')

const stepRecord = z.object({
  name: z.string(),
  outcome: z.enum(['passed', 'failed', 'skipped']),
  detail: z.string(),
  error: z
    .object({ error: z.string(), error_description: z.string(), status: z.number() })
    .optional(),
})
const headerMap = z.record(z.string(), z.union([z.string(), z.array(z.string())]))
const pausedView = z.object({
  id: z.string(),
  breakpoint: z.string().describe('The id of the breakpoint that paused it.'),
  breakpointName: z.string().optional(),
  at: stage,
  exchangeId: z
    .number()
    .int()
    .nullable()
    .describe('The trace exchange id; null while paused (exchanges are recorded once answered).'),
  since: z.string().describe('ISO time (real time) it was paused.'),
  deadline: z.string().describe('ISO time it continues unchanged if nobody decides.'),
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: headerMap,
    params: z.record(z.string(), z.string()),
  }),
  response: z
    .object({ status: z.number().int(), headers: headerMap, body: z.string() })
    .optional()
    .describe('At response: the decided answer, not yet sent.'),
  failedStep: stepRecord.optional().describe('At response: the step that refused, if any.'),
})
const released = z.object({ id: z.string(), released: z.literal(true) })

/** The engine's refusals in the admin API's shape. */
function asAdminError(error: unknown): unknown {
  if (error instanceof BreakpointRuleError || error instanceof PausedExchangeError) {
    if (error.kind === 'not_found') return notFound(error.message)
    if (error.kind === 'invalid') {
      return invalidRequest(error.issues.map((issue) => ({ in: 'body', ...issue })))
    }
    return new AdminError(
      409,
      'conflict',
      error.message,
      error.issues.length ? error.issues.map((i) => ({ in: 'body' as const, ...i })) : undefined,
    )
  }
  return error
}

function run<T>(action: () => T): T {
  try {
    return action()
  } catch (error) {
    throw asAdminError(error)
  }
}

function failWith(body: z.output<typeof failBody>): FailWith {
  if (body.preset !== undefined) return { preset: body.preset }
  return {
    status: body.status!,
    error: body.error!,
    ...(body.error_description === undefined ? {} : { error_description: body.error_description }),
  }
}

export function breakpointRoutes(engine: Gatehouse): AdminRoute[] {
  const { breakpoints, paused } = engine.policy
  const one = { status: 200, description: 'The breakpoint.', schema: breakpointView }
  const decide = (id: string, decision: Decision) => {
    run(() => paused.decide(id, decision))
    return { id, released: true as const }
  }
  const decided = { status: 200, description: 'Released with this decision.', schema: released }
  return [
    route({
      method: 'GET',
      path: '/breakpoints',
      operationId: 'listBreakpoints',
      tag: 'Breakpoints',
      summary: 'The breakpoints, in the order they are tried',
      response: { status: 200, description: 'The breakpoints.', schema: z.array(breakpointView) },
      handler: () => breakpoints.list(),
    }),
    route({
      method: 'POST',
      path: '/breakpoints',
      operationId: 'addBreakpoint',
      tag: 'Breakpoints',
      summary: 'Add a breakpoint at the end of the list (an id is generated when absent)',
      body: breakpointRuleSchema,
      errors: [409],
      response: { status: 201, description: 'The breakpoint as stored.', schema: breakpointView },
      handler: ({ body }) => run(() => breakpoints.add(body)),
    }),
    route({
      method: 'GET',
      path: '/breakpoints/{id}',
      operationId: 'getBreakpoint',
      tag: 'Breakpoints',
      summary: 'One breakpoint and its counts',
      params: idParams,
      errors: [404],
      response: one,
      handler: ({ params }) => run(() => breakpoints.get(params.id)),
    }),
    route({
      method: 'PATCH',
      path: '/breakpoints/{id}',
      operationId: 'updateBreakpoint',
      tag: 'Breakpoints',
      summary: 'Change a breakpoint (turn it on or off, change what it matches, where, how long)',
      params: idParams,
      body: breakpointChanges,
      errors: [404],
      response: one,
      handler: ({ params, body }) => run(() => breakpoints.update(params.id, body)),
    }),
    route({
      method: 'DELETE',
      path: '/breakpoints/{id}',
      operationId: 'removeBreakpoint',
      tag: 'Breakpoints',
      summary: 'Remove a breakpoint (exchanges it holds stay paused until released)',
      params: idParams,
      errors: [404],
      response: { status: 204, description: 'Removed.' },
      handler: ({ params }) => run(() => breakpoints.remove(params.id)),
    }),
    route({
      method: 'GET',
      path: '/paused',
      operationId: 'listPaused',
      tag: 'Breakpoints',
      summary: 'The exchanges breakpoints hold right now, oldest first',
      description:
        'exchangeId is null while an exchange is paused: exchanges are recorded in the trace ' +
        'once they are answered (with their breakpoint.request / breakpoint.response step).',
      response: { status: 200, description: 'The paused exchanges.', schema: z.array(pausedView) },
      handler: () => paused.list(),
    }),
    route({
      method: 'GET',
      path: '/paused/{id}',
      operationId: 'getPaused',
      tag: 'Breakpoints',
      summary: 'One paused exchange',
      params: pausedParams,
      errors: [404, 409],
      response: { status: 200, description: 'The paused exchange.', schema: pausedView },
      handler: ({ params }) => run(() => paused.get(params.id)),
    }),
    route({
      method: 'POST',
      path: '/paused/{id}/continue',
      operationId: 'continuePaused',
      tag: 'Breakpoints',
      summary: 'Let a paused exchange go on, optionally changed',
      description:
        'At request: {"request": {"params": {}, "removeParams": [], "headers": {}}} — the server ' +
        'then decides on the changed request. At response: {"response": {"status", "headers", ' +
        '"body"}}. Without a body: unchanged.',
      params: pausedParams,
      body: continueBody,
      errors: [404, 409],
      response: decided,
      handler: ({ params, body }) =>
        decide(params.id, {
          kind: 'continue',
          ...(body?.request ? { request: body.request } : {}),
          ...(body?.response ? { response: body.response } : {}),
        }),
    }),
    route({
      method: 'POST',
      path: '/paused/{id}/fail',
      operationId: 'failPaused',
      tag: 'Breakpoints',
      summary: 'Answer a paused exchange with a fault preset or a Salesforce error',
      params: pausedParams,
      body: failBody,
      errors: [404, 409],
      response: decided,
      handler: ({ params, body }) => decide(params.id, { kind: 'fail', with: failWith(body) }),
    }),
    route({
      method: 'POST',
      path: '/paused/{id}/drop',
      operationId: 'dropPaused',
      tag: 'Breakpoints',
      summary: 'Close a paused exchange’s connection without an answer',
      params: pausedParams,
      errors: [404, 409],
      response: decided,
      handler: ({ params }) => decide(params.id, { kind: 'drop' }),
    }),
  ]
}
