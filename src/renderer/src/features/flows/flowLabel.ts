import type { FlowKind, FlowSummary } from '../../../../shared/admin-api'
import { stepLabel } from '../traffic/format'

export const FLOW_KIND_LABELS: Record<FlowKind, string> = {
  web_server: 'Web server flow',
  user_agent: 'User-agent flow',
  refresh_token: 'Refresh token flow',
  password: 'Username-password flow',
  client_credentials: 'Client credentials flow',
  jwt_bearer: 'JWT bearer flow',
  device: 'Device flow',
  token_exchange: 'Token exchange',
  unknown: 'Flow',
}

/** "failed at token: authentication failure", "succeeded", "in progress". */
export function flowOutcome(
  flow: FlowSummary,
  failure?: { endpoint?: string; reason?: string },
): string {
  if (flow.status === 'succeeded') return 'succeeded'
  if (flow.status === 'in_progress') return 'in progress'
  const where = failure?.endpoint ?? null
  const why = failure?.reason ?? (flow.failedStep ? stepLabel(flow.failedStep) : null)
  if (where && why) return `failed at ${where}: ${why}`
  return why ? `failed: ${why}` : 'failed'
}

/** "Web server flow · Order Sync · ada@acme.test · failed at token: IP restricted" */
export function flowLabel(
  flow: FlowSummary,
  failure?: { endpoint?: string; reason?: string },
): string {
  return [
    FLOW_KIND_LABELS[flow.kind],
    flow.appName ?? 'unknown app',
    flow.username,
    flowOutcome(flow, failure),
  ]
    .filter(Boolean)
    .join(' · ')
}
