import type { ExchangeDetail, FlowDetail, Page, TraceStatsResponse } from '../../shared/admin-api'
import type { Gatehouse } from '../gatehouse'
import type { TraceExchangeQuery } from '../store/trace-store'
import { RECORDER_DEFAULTS, type Recorder } from '../trace'
import { buildHar } from '../trace/har'
import { decodeExchangeJwts } from '../trace/jwt'
import { keySource } from './jwt-key-source'
import { exchangeDetail, exchangeSummary, flowSummary } from '../trace/views'
import { AdminError, notFound } from './errors'
import { exchangesHarQuery, exchangesQuery, flowsQuery, harQuery, idParams } from './input-schemas'
import * as out from './output-schemas'
import { route, type AdminRoute } from './route'

function pageOf<R extends { id: number }, T>(
  rows: R[],
  limit: number,
  view: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit)
  const more = rows.length > limit
  return { items: items.map(view), nextCursor: more ? String(items[items.length - 1]!.id) : null }
}

/** Secrets the workspace holds, scrubbed from redacted exports wherever they appear. */
function workspaceSecrets(engine: Gatehouse): string[] {
  const secrets: string[] = []
  for (const app of engine.store.workspace.listApps()) secrets.push(app.consumerSecret)
  for (const user of engine.store.workspace.listUsers())
    if (user.password) secrets.push(user.password)
  return secrets
}

function harHeaders(filename: string): Record<string, string> {
  return { 'content-disposition': `attachment; filename="${filename}"` }
}

/** The flow trace: exchanges, flows, HAR exports. Reads flush the queue first, so a script
 * that just made a request finds it. */
export function traceRoutes(engine: Gatehouse): AdminRoute[] {
  const recorder = async (): Promise<Recorder> => {
    if (!engine.recorder) {
      throw new AdminError(
        503,
        'recorder_disabled',
        'recording is off (the engine was started with recorder: false)',
      )
    }
    await engine.recorder.flush()
    return engine.recorder
  }
  const har = (details: ExchangeDetail[], redact: boolean) =>
    buildHar(details, {
      redact,
      knownSecrets: redact ? workspaceSecrets(engine) : [],
      origin: engine.baseUrl,
    })

  return [
    route({
      method: 'GET',
      path: '/trace',
      operationId: 'getTraceStats',
      tag: 'Trace',
      summary: 'What the recorder holds and its limits',
      response: { status: 200, description: 'Counts and limits.', schema: out.traceStatsSchema },
      handler: async (): Promise<TraceStatsResponse> => {
        await engine.recorder?.flush()
        return (
          engine.recorder?.stats() ?? {
            enabled: false,
            exchanges: 0,
            flows: 0,
            bytes: 0,
            maxExchanges: RECORDER_DEFAULTS.maxExchanges,
            maxBytes: RECORDER_DEFAULTS.maxBytes,
            maxBodyBytes: RECORDER_DEFAULTS.maxBodyBytes,
          }
        )
      },
    }),
    route({
      method: 'GET',
      path: '/exchanges',
      operationId: 'listExchanges',
      tag: 'Trace',
      summary: 'Recorded exchanges, newest first, filtered and paged',
      query: exchangesQuery,
      errors: [503],
      response: { status: 200, description: 'One page.', schema: out.exchangePageSchema },
      handler: async ({ query }) => {
        const rows = (await recorder()).store.listExchanges({
          app: query.app,
          user: query.user,
          status: query.status,
          endpoint: query.endpoint,
          flowId: query.flow,
          text: query.text,
          before: query.cursor,
          limit: query.limit + 1,
        })
        return pageOf(rows, query.limit, exchangeSummary)
      },
    }),
    route({
      method: 'DELETE',
      path: '/exchanges',
      operationId: 'clearTrace',
      tag: 'Trace',
      summary: 'Delete every recorded exchange and flow',
      errors: [503],
      response: { status: 204, description: 'Cleared.' },
      handler: async () => {
        await (await recorder()).clear()
      },
    }),
    route({
      method: 'GET',
      path: '/exchanges/har',
      operationId: 'exportExchangesHar',
      tag: 'Trace',
      summary: 'HAR 1.2 of a set of exchanges (by ids, or by the list filters)',
      query: exchangesHarQuery,
      errors: [503],
      response: { status: 200, description: 'HAR 1.2, oldest first.', schema: out.harSchema },
      handler: async ({ query, reply }) => {
        const filter: TraceExchangeQuery = query.ids
          ? { ids: query.ids, limit: query.ids.length }
          : {
              app: query.app,
              user: query.user,
              status: query.status,
              endpoint: query.endpoint,
              flowId: query.flow,
              text: query.text,
              limit: query.limit,
            }
        const details = (await recorder()).store.listFullExchanges(filter).map(exchangeDetail)
        reply.headers(harHeaders('gatehouse-exchanges.har'))
        return har(details, query.redact ?? false)
      },
    }),
    route({
      method: 'GET',
      path: '/exchanges/{id}',
      operationId: 'getExchange',
      tag: 'Trace',
      summary: 'One exchange: request, response, steps and decoded JWTs',
      params: idParams,
      errors: [404, 503],
      response: { status: 200, description: 'The exchange.', schema: out.exchangeDetailSchema },
      handler: async ({ params }) => {
        const row = (await recorder()).store.exchange(params.id)
        if (!row) throw notFound(`no recorded exchange has id ${params.id}`)
        const detail = exchangeDetail(row)
        detail.jwts = await decodeExchangeJwts(detail, keySource(engine))
        return detail
      },
    }),
    route({
      method: 'GET',
      path: '/flows',
      operationId: 'listFlows',
      tag: 'Trace',
      summary: 'Flows, newest first, filtered and paged',
      query: flowsQuery,
      errors: [503],
      response: { status: 200, description: 'One page.', schema: out.flowPageSchema },
      handler: async ({ query }) => {
        const rows = (await recorder()).store.listFlows({
          app: query.app,
          user: query.user,
          status: query.status,
          kind: query.kind,
          before: query.cursor,
          limit: query.limit + 1,
        })
        return pageOf(rows, query.limit, flowSummary)
      },
    }),
    route({
      method: 'GET',
      path: '/flows/{id}',
      operationId: 'getFlow',
      tag: 'Trace',
      summary: 'One flow and its exchanges, oldest first',
      params: idParams,
      errors: [404, 503],
      response: { status: 200, description: 'The flow.', schema: out.flowDetailSchema },
      handler: async ({ params }): Promise<FlowDetail> => {
        const store = (await recorder()).store
        const row = store.flow(params.id)
        if (!row) throw notFound(`no flow has id ${params.id}`)
        return {
          ...flowSummary(row),
          exchanges: store.exchangesOfFlow(row.id).map(exchangeSummary),
        }
      },
    }),
    route({
      method: 'GET',
      path: '/flows/{id}/har',
      operationId: 'exportFlowHar',
      tag: 'Trace',
      summary: 'HAR 1.2 of one flow',
      params: idParams,
      query: harQuery,
      errors: [404, 503],
      response: { status: 200, description: 'HAR 1.2, oldest first.', schema: out.harSchema },
      handler: async ({ params, query, reply }) => {
        const store = (await recorder()).store
        if (!store.flow(params.id)) throw notFound(`no flow has id ${params.id}`)
        const details = store.fullExchangesOfFlow(params.id).map(exchangeDetail)
        reply.headers(harHeaders(`gatehouse-flow-${params.id}.har`))
        return har(details, query.redact ?? false)
      },
    }),
  ]
}
