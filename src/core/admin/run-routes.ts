import { z } from 'zod'
import { RUN_FLOWS } from '../../shared/runner-api'
import type { Gatehouse } from '../gatehouse'
import { RunError } from '../runner'
import { AdminError, invalidRequest, notFound } from './errors'
import { positiveId } from './input-schemas'
import { route, type AdminRoute } from './route'

/**
 * The flow runner (README "The flow runner"): create a run, send its steps one at a time
 * with edits, go back to a step, finish it. Runs are stored and survive a restart; the event
 * stream says when one changes (`run`, `run-deleted`).
 */

const runParams = z.strictObject({ id: positiveId })
const stepParams = z.strictObject({
  id: positiveId,
  index: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'expected a step index (0, 1, 2 …)' })
    .transform(Number),
})

const createBody = z.strictObject({
  flow: z.enum(RUN_FLOWS).describe('The flow to play.'),
  app: z.string().min(1).describe("The app's name or consumer key."),
  user: z
    .string()
    .min(1)
    .optional()
    .describe('Username (flows with a user; default: the first active one).'),
  options: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'Flow options: pkce, secret, scope, redirectUri, decision (approve|deny), responseType, privateKey, audience, via, accessToken, refreshToken, soql, apiVersion …',
    ),
})

const editsBody = z
  .strictObject({
    params: z
      .record(z.string(), z.string())
      .optional()
      .describe('Parameters to set (add or replace).'),
    removeParams: z.array(z.string()).optional().describe('Parameters to leave out.'),
    headers: z
      .record(z.string(), z.string().nullable())
      .optional()
      .describe('Headers to set; null removes one.'),
    claims: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('For a signed assertion: claims to set before signing (null removes one).'),
    body: z.string().optional().describe('Replace the raw body.'),
  })
  .optional()

const stepSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'sent', 'skipped']),
  request: z.record(z.string(), z.unknown()).optional(),
  response: z.record(z.string(), z.unknown()).optional(),
  exchangeId: z.number().int().optional(),
  outcome: z.enum(['ok', 'failed']).optional(),
  failedStep: z.string().optional(),
  explain: z.record(z.string(), z.unknown()).optional(),
  why: z.array(z.record(z.string(), z.unknown())).optional(),
  jwts: z.array(z.record(z.string(), z.unknown())).optional(),
  handsOn: z.record(z.string(), z.string()).optional(),
  note: z.string().optional(),
  refusalExpected: z
    .boolean()
    .optional()
    .describe('A refusal here is part of the flow (a device poll before approval).'),
  sentAt: z.string().optional(),
  edits: z.record(z.string(), z.unknown()).optional().describe('The edits it was sent with.'),
})

const runSummarySchema = z.object({
  id: z.number().int(),
  flow: z.enum(RUN_FLOWS),
  app: z.string(),
  appKey: z.string(),
  user: z.string().nullable(),
  status: z.enum(['ready', 'in_progress', 'completed', 'failed']),
  next: z.number().int().nullable(),
  flowId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
const runSchema = runSummarySchema.extend({
  options: z.record(z.string(), z.unknown()),
  steps: z.array(stepSchema),
})

const availabilitySchema = z.object({
  flow: z.enum(RUN_FLOWS),
  title: z.string(),
  summary: z.string(),
  needsUser: z.boolean(),
  disabledBecause: z.string().nullable(),
})

/** The runner's refusals in the admin API's shape. */
function asAdminError(error: unknown): unknown {
  if (!(error instanceof RunError)) return error
  if (error.kind === 'not_found') return notFound(error.message)
  if (error.kind === 'conflict') return new AdminError(409, 'conflict', error.message)
  return invalidRequest([{ in: 'body', path: error.path ?? '', message: error.message }])
}

async function run<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    throw asAdminError(error)
  }
}

export function runRoutes(engine: Gatehouse): AdminRoute[] {
  const runner = engine.runner
  const oneRun = { status: 200, description: 'The run.', schema: runSchema }
  const oneStep = { status: 200, description: 'The step as sent.', schema: stepSchema }
  return [
    route({
      method: 'GET',
      path: '/runs',
      operationId: 'listRuns',
      tag: 'Runner',
      summary: 'Runs, newest first',
      response: { status: 200, description: 'The runs.', schema: z.array(runSummarySchema) },
      handler: () => runner.list(),
    }),
    route({
      method: 'GET',
      path: '/runs/flows',
      operationId: 'listRunFlows',
      tag: 'Runner',
      summary: 'Every flow, and whether an app allows it (with the setting that does not)',
      query: z.strictObject({ app: z.string().min(1).describe("The app's name or consumer key.") }),
      response: { status: 200, description: 'The flows.', schema: z.array(availabilitySchema) },
      handler: ({ query }) => run(() => runner.availability(query.app)),
    }),
    route({
      method: 'POST',
      path: '/runs',
      operationId: 'createRun',
      tag: 'Runner',
      summary: 'Start a run: one flow for one app (and user); its first request is built, not sent',
      body: createBody,
      response: { status: 201, description: 'The new run.', schema: runSchema },
      handler: ({ body }) => run(() => runner.create(body)),
    }),
    route({
      method: 'GET',
      path: '/runs/{id}',
      operationId: 'getRun',
      tag: 'Runner',
      summary: 'One run with its steps',
      params: runParams,
      errors: [404],
      response: oneRun,
      handler: ({ params }) => run(() => runner.get(params.id)),
    }),
    route({
      method: 'DELETE',
      path: '/runs/{id}',
      operationId: 'deleteRun',
      tag: 'Runner',
      summary: 'Forget a run (its exchanges stay in the trace)',
      params: runParams,
      errors: [404],
      response: { status: 204, description: 'Deleted.' },
      handler: ({ params }) => run(() => runner.remove(params.id)),
    }),
    route({
      method: 'POST',
      path: '/runs/{id}/steps/{index}/send',
      operationId: 'sendRunStep',
      tag: 'Runner',
      summary: "Send the run's next step, with optional edits",
      params: stepParams,
      body: editsBody,
      errors: [404, 409],
      response: oneStep,
      handler: ({ params, body }) => run(() => runner.send(params.id, params.index, body ?? {})),
    }),
    route({
      method: 'POST',
      path: '/runs/{id}/steps/{index}/rerun',
      operationId: 'rerunRunStep',
      tag: 'Runner',
      summary:
        'Go back: re-send a step already reached (with edits); the steps after it are dropped',
      params: stepParams,
      body: editsBody,
      errors: [404, 409],
      response: oneStep,
      handler: ({ params, body }) => run(() => runner.rerun(params.id, params.index, body ?? {})),
    }),
    route({
      method: 'POST',
      path: '/runs/{id}/finish',
      operationId: 'finishRun',
      tag: 'Runner',
      summary: 'Send every remaining step unedited (stops at a refusal)',
      params: runParams,
      errors: [404, 409],
      response: oneRun,
      handler: ({ params }) => run(() => runner.finish(params.id)),
    }),
  ]
}
