import type { CapturedBody, HeaderMap, StepRecord, TraceEndpoint } from '../../shared/admin-api'
import type { TraceExchangeRow } from '../store/trace-store'
import { captureRequestBody, captureResponseBody, headerText } from './body'
import { bufferOf, type PackedExchange } from './packed'
import { classifyEndpoint, pathOf } from './endpoint'
import type { ExchangeFacts } from './flows'
import { lineageOf, paramsOf, type Lineage } from './lineage'

/** The JSON kept in trace_exchanges.data: everything the detail view shows beyond the summary. */
export interface ExchangeData {
  request: { headers: HeaderMap; body: CapturedBody | null }
  response: { headers: HeaderMap; body: CapturedBody | null }
  /**
   * Exchanges recorded before the steps had a column of their own (trace_exchanges.steps)
   * kept them here, as encodeSteps wrote them (or, earlier still, as objects).
   */
  steps?: StepRecord[] | string
  grantId: string | null
  socketIp: string | null
  faultDetail: Record<string, unknown> | null
}

export interface BuiltExchange {
  row: TraceExchangeRow
  facts: ExchangeFacts
  lineage: Lineage
}

function redirectCarriesError(location: string | undefined): boolean {
  return location !== undefined && /[?#&]error=/.test(location)
}

function faultName(fault: Record<string, unknown> | undefined): string | null {
  if (!fault) return null
  for (const field of ['name', 'id', 'rule', 'preset']) {
    if (typeof fault[field] === 'string') return fault[field] as string
  }
  return 'fault'
}

/**
 * Turns a captured exchange into its row, the facts flows are built from, and its lineage.
 * Runs in the recorder's writer, off the request thread.
 */
export function buildExchange(
  captured: PackedExchange,
  id: number,
  maxBodyBytes: number,
): BuiltExchange {
  const { trace } = captured
  const endpoint: TraceEndpoint = classifyEndpoint(captured.url)
  const requestBody = captureRequestBody(
    bufferOf(captured.body),
    captured.requestHeaders,
    maxBodyBytes,
  )
  const responseBody = captureResponseBody(
    bufferOf(captured.payload),
    captured.responseHeaders,
    maxBodyBytes,
  )
  const location = headerText(captured.responseHeaders.location)

  const failedStepName = trace?.failedStep
  const failed =
    failedStepName !== undefined || captured.status >= 400 || redirectCarriesError(location)
  const failedStep = failedStepName
    ? failedStepName
    : captured.status >= 400
      ? `http.${captured.status}`
      : failed
        ? 'redirect.error'
        : null

  const data: ExchangeData = {
    request: { headers: captured.requestHeaders, body: requestBody },
    response: { headers: captured.responseHeaders, body: responseBody },
    grantId: trace?.grantId ?? null,
    socketIp: captured.socketIp ?? null,
    faultDetail: trace?.fault ?? null,
  }
  const json = JSON.stringify(data)
  const endedAt = captured.startedAt + Math.round(captured.durationMs)
  const row: TraceExchangeRow = {
    id,
    flow_id: null,
    started_at: captured.startedAt,
    duration_ms: Math.round(captured.durationMs * 1000) / 1000,
    method: captured.method,
    url: captured.url,
    endpoint,
    status: captured.status,
    outcome: failed ? 'failed' : 'ok',
    failed_step: failedStep,
    app_key: trace?.appKey ?? null,
    app_name: trace?.appName ?? null,
    user_id: trace?.userId ?? null,
    username: trace?.username ?? null,
    grant_type: trace?.grantType ?? null,
    client_ip: trace?.clientIp ?? captured.socketIp ?? null,
    fault: faultName(trace?.fault),
    // Characters, not bytes: close enough for pruning by size, and free to compute. The
    // writer counts the steps once it has made them compact (step-texts.ts).
    size: json.length + captured.url.length,
    data: json,
    // Kept encoded: one string is far cheaper to write than ~20 small objects.
    steps: trace?.steps ?? '',
  }
  const facts: ExchangeFacts = {
    id,
    startedAt: captured.startedAt,
    endedAt,
    failed,
    failedStep,
    appKey: row.app_key,
    appName: row.app_name,
    userId: row.user_id,
    username: row.username,
  }
  const contentType = responseBody?.contentType ?? ''
  const lineage = lineageOf({
    endpoint,
    path: pathOf(captured.url),
    params: paramsOf(captured.query, captured.body),
    trace,
    authorization: headerText(captured.requestHeaders.authorization),
    status: captured.status,
    location,
    responseText:
      responseBody && responseBody.encoding === 'utf8' && !responseBody.truncated
        ? responseBody.text
        : undefined,
    responseIsJson: /json/i.test(contentType),
  })
  return { row, facts, lineage }
}
