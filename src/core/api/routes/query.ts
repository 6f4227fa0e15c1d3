import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RestApiError } from '../../salesforce/errors'
import { restErrors } from '../errors'
import { locatorUrl, parseLocator, type Cursor } from '../query/cursors'
import { formatAggregate, formatRecords } from '../query/format'
import { callerOf, type RestServices } from '../services'
import { runQuery, type TableSource } from '../soql/evaluate'
import { SoqlError, soqlErrorMessage } from '../soql/errors'
import type { ResolvedQuery } from '../soql/resolve'
import { restrictedPlan } from '../access/query-access'
import { restStep } from '../steps'

/**
 * `GET /query?q=` and `/queryAll?q=` (which also returns deleted records), and
 * `GET /query/{locator}` for the next batch. Batches hold 2,000 records unless the
 * `Sforce-Query-Options: batchSize=N` header asks for fewer (200 at least), as on Salesforce.
 */

const DEFAULT_BATCH = 2000
const MIN_BATCH = 200

function batchSizeOf(request: FastifyRequest): number {
  const header = request.headers['sforce-query-options']
  const m = typeof header === 'string' ? /batchSize\s*=\s*(\d+)/i.exec(header) : null
  if (!m) return DEFAULT_BATCH
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1])))
}

interface Page {
  totalSize: number
  done: boolean
  nextRecordsUrl?: string
  records: unknown[]
}

export function registerQuery(api: FastifyInstance, services: RestServices): void {
  const { repository, engine } = services
  const source: TableSource = repository

  const lookup = (name: string) => repository.table(name)?.schema

  const compile = (request: FastifyRequest, text: string): ResolvedQuery => {
    const generation = engine.store.workspace.generation()
    const full = restStep(
      request.gatehouse,
      'rest.query',
      () => {
        try {
          const plan = services.plans.plan(text, generation, { object: lookup })
          return { detail: `SOQL on ${plan.object.name}`, value: plan }
        } catch (err) {
          if (!(err instanceof SoqlError)) throw err
          throw new RestApiError(400, [
            { message: soqlErrorMessage(text, err), errorCode: err.code },
          ])
        }
      },
      (err) => `the query was refused: ${err.items[0]?.errorCode} ${err.items[0]?.message.trim()}`,
    )
    const { user } = callerOf(request)
    const access = services.access(user)
    if (!access.restricted) return full
    const scope = `${generation}|${user.profile}|${user.permissionSets.join(',')}`
    return restrictedPlan(request.gatehouse, services.plans, scope, text, full, access, lookup)
  }

  const page = (cursor: Cursor, offset: number, version: string, total: number): Page => {
    const slice = cursor.records.slice(offset, offset + cursor.batchSize)
    const next = offset + slice.length
    const done = next >= cursor.records.length
    if (done) services.cursors.close(cursor.id)
    return {
      totalSize: total,
      done,
      ...(done ? {} : { nextRecordsUrl: locatorUrl(version, cursor.id, next) }),
      records: formatRecords(cursor.query, slice, source, version),
    }
  }

  const run = (request: FastifyRequest, includeDeleted: boolean): Page => {
    const caller = callerOf(request)
    const text = (request.query as { q?: string }).q
    if (text === undefined || text.trim() === '') throw restErrors.missingQuery()
    const plan = compile(request, text)
    const table = repository.table(plan.object.name)!
    const result = runQuery(plan, table, source, { includeDeleted, now: engine.clock.now() })
    if (result.aggregate) {
      return { totalSize: 1, done: true, records: [formatAggregate(result.aggregate)] }
    }
    if (plan.countOnly || plan.aggregate) {
      return { totalSize: result.totalSize, done: true, records: [] }
    }
    const batchSize = batchSizeOf(request)
    if (result.records.length <= batchSize) {
      return {
        totalSize: result.totalSize,
        done: true,
        records: formatRecords(plan, result.records, source, caller.version),
      }
    }
    const cursor = services.cursors.open({
      userId: caller.user.id,
      query: plan,
      records: result.records,
      batchSize,
    })
    return page(cursor, 0, caller.version, result.totalSize)
  }

  const more = (request: FastifyRequest<{ Params: { locator: string } }>): Page => {
    const caller = callerOf(request)
    const { cursor, offset } = restStep(
      request.gatehouse,
      'rest.locator',
      () => {
        const locator = parseLocator(request.params.locator)
        const cursor = locator && services.cursors.use(locator.id, caller.user.id)
        if (!locator || !cursor || locator.offset > cursor.records.length) {
          throw restErrors.invalidQueryLocator()
        }
        return {
          detail: `cursor ${locator.id} from row ${locator.offset}`,
          value: { cursor, offset: locator.offset },
        }
      },
      () =>
        `${request.params.locator} is not a live query locator of ${caller.user.username} (locators lapse after 15 idle minutes)`,
    )
    return page(cursor, offset, caller.version, cursor.records.length)
  }

  for (const [path, includeDeleted] of [
    ['query', false],
    ['queryAll', true],
  ] as const) {
    const base = `/services/data/:version/${path}`
    for (const url of [base, `${base}/`])
      api.get(url, async (request) => run(request, includeDeleted))
    api.get<{ Params: { locator: string } }>(`${base}/:locator`, async (request) => more(request))
  }
}
