import type {
  ExchangeDetail,
  ExchangeOutcome,
  ExchangeSummary,
  FlowKind,
  FlowStatus,
  FlowSummary,
  StepRecord,
  TraceEndpoint,
} from '../../shared/admin-api'
import type { TraceExchangeRow, TraceExchangeSummaryRow, TraceFlowRow } from '../store/trace-store'
import type { ExchangeData } from './exchange-record'
import { decodeSteps } from './packed'

const iso = (ms: number) => new Date(ms).toISOString()

/** A stored exchange as the admin API lists it. */
export function exchangeSummary(row: TraceExchangeSummaryRow): ExchangeSummary {
  return {
    id: row.id,
    flowId: row.flow_id,
    startedAt: iso(row.started_at),
    durationMs: row.duration_ms,
    method: row.method,
    url: row.url,
    endpoint: row.endpoint as TraceEndpoint,
    status: row.status,
    outcome: row.outcome as ExchangeOutcome,
    failedStep: row.failed_step,
    appKey: row.app_key,
    appName: row.app_name,
    userId: row.user_id,
    username: row.username,
    grantType: row.grant_type,
    clientIp: row.client_ip,
    fault: row.fault,
  }
}

/** A stored exchange with everything recorded; JWTs are decoded separately (see jwt.ts). */
export function exchangeDetail(row: TraceExchangeRow): ExchangeDetail {
  const data = JSON.parse(row.data) as ExchangeData
  return {
    ...exchangeSummary(row),
    grantId: data.grantId,
    socketIp: data.socketIp,
    request: data.request,
    response: data.response,
    steps: stepsOf(row.steps, data.steps),
    faultDetail: data.faultDetail,
    jwts: [],
  }
}

function stepsOf(column: string | null, legacy: ExchangeData['steps']): StepRecord[] {
  if (column !== null) return decodeSteps(column)
  return typeof legacy === 'string' ? decodeSteps(legacy) : (legacy ?? [])
}

export function flowSummary(row: TraceFlowRow): FlowSummary {
  return {
    id: row.id,
    kind: row.kind as FlowKind,
    appKey: row.app_key,
    appName: row.app_name,
    userId: row.user_id,
    username: row.username,
    grantId: row.grant_id,
    status: row.status as FlowStatus,
    failedStep: row.failed_step,
    failedExchangeId: row.failed_exchange_id,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    exchangeCount: row.exchange_count,
  }
}
