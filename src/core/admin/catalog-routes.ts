import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { catalog } from '../scenarios/catalog/entries'
import { entriesMatching, refusalOf } from '../scenarios/catalog/match'
import { reproduceCatalogEntry, ReproduceRefused } from '../scenarios/catalog/reproduce'
import { exchangeDetail } from '../trace/views'
import { AdminError, notFound } from './errors'
import { idParams } from './input-schemas'
import { route, type AdminRoute } from './route'

/**
 * The error catalog (resources/scenarios) for the Errors view: the entries, "Reproduce" on
 * the live engine, and the Why tab's link from a refused exchange to its entries.
 */

const entrySchema = z.object({
  id: z.string(),
  title: z.string(),
  error: z.string().describe('OAuth error or REST errorCode.'),
  errorDescription: z.string().nullable(),
  status: z.number().nullable(),
  failedStep: z.string().nullable(),
  flows: z.array(z.string()),
  tags: z.array(z.string()),
  when: z.string().describe('When a real integration hits it.'),
  sees: z.string().describe('What the user sees.'),
  fix: z.string(),
  needs: z.object({ apps: z.array(z.string()), users: z.array(z.string()) }),
})

const entriesSchema = z.object({ entries: z.array(entrySchema) })

const expectationSchema = z.object({
  field: z.string(),
  expected: z.string(),
  got: z.string(),
  pass: z.boolean(),
})

const reproductionSchema = z.object({
  entry: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  steps: z.array(
    z.object({
      index: z.number(),
      kind: z.string(),
      label: z.string(),
      checked: z.string().nullable(),
      failedStep: z.string().nullable(),
      exchangeId: z.number().nullable(),
      flowId: z.number().nullable(),
      runId: z.number().nullable(),
      error: z.string().nullable(),
      expectations: z.array(expectationSchema),
      why: z.array(z.string()),
    }),
  ),
  runIds: z.array(z.number()),
  flowIds: z.array(z.number()),
  restored: z.array(z.string()),
})

const entryParams = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, { error: 'expected a catalog entry id (its file name)' }),
})

export function catalogRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/catalog',
      operationId: 'listCatalog',
      tag: 'Scenarios',
      summary: "The catalog of Salesforce's OAuth errors, each a scenario that reproduces it",
      response: { status: 200, description: 'Every entry.', schema: entriesSchema },
      handler: () => ({ entries: catalog().map((item) => item.entry) }),
    }),
    route({
      method: 'POST',
      path: '/catalog/{id}/reproduce',
      operationId: 'reproduceCatalogEntry',
      tag: 'Scenarios',
      summary: "Plays a catalog entry's scenario on this engine through the flow runner",
      description:
        "For the time it plays, fault rules, breakpoints and simulated client IPs are set aside, the entry's setup is applied and its clock set; all are put back afterwards. The runs it made stay in the Run view and its exchanges in Traffic.",
      params: entryParams,
      errors: [404, 409],
      response: {
        status: 200,
        description: 'What each step answered.',
        schema: reproductionSchema,
      },
      handler: async ({ params }) => {
        try {
          return await reproduceCatalogEntry(engine, params.id)
        } catch (error) {
          if (error instanceof ReproduceRefused) {
            throw error.status === 404
              ? notFound(error.message)
              : new AdminError(409, error.code, error.message)
          }
          throw error
        }
      },
    }),
    route({
      method: 'GET',
      path: '/exchanges/{id}/catalog',
      operationId: 'getExchangeCatalog',
      tag: 'Trace',
      summary: 'The catalog entries a refused exchange is an instance of',
      params: idParams,
      errors: [404, 503],
      response: {
        status: 200,
        description: 'Matching entries (none when it was not refused).',
        schema: entriesSchema,
      },
      handler: async ({ params }) => {
        if (!engine.recorder) throw new AdminError(503, 'recorder_disabled', 'recording is off')
        await engine.recorder.flush()
        const row = engine.recorder.store.exchange(params.id)
        if (!row) throw notFound(`no exchange has id ${params.id}`)
        const refusal = refusalOf(exchangeDetail(row))
        const entries = catalog().map((item) => item.entry)
        return { entries: refusal ? entriesMatching(entries, refusal) : [] }
      },
    }),
  ]
}
