import type { WorkspaceApp } from '../../workspace'
import type { FlowDef, StepDef } from '../flow-def'
import { clientCredentialsFlow } from './client-credentials'
import { hasRefreshScope } from './common'
import { deviceFlow } from './device'
import { jwtBearerFlow } from './jwt-bearer'
import { userAgentFlow } from './user-agent'
import { usernamePasswordFlow } from './username-password'
import { webServerFlow } from './web-server'

/**
 * Flows that use a token (refresh, revoke, the resource calls …) first get one the way the
 * app would: with `options.via` (a flow name), else the first of these the app allows. With
 * `options.accessToken` / `options.refreshToken` no token is fetched: the given one is used.
 */
const SOURCES: FlowDef[] = [
  webServerFlow,
  usernamePasswordFlow,
  clientCredentialsFlow,
  jwtBearerFlow,
  deviceFlow,
  userAgentFlow,
]
// Only these hand out refresh tokens.
const REFRESHING = new Set(['web-server', 'user-agent', 'device'])

export interface TokenNeed {
  refresh: boolean
}

function chosenSource(
  app: WorkspaceApp,
  options: Record<string, unknown>,
  need: TokenNeed,
): FlowDef | string {
  const via = options.via
  if (via !== undefined) {
    const source = SOURCES.find((flow) => flow.name === via)
    if (!source) return `options.via must be one of ${SOURCES.map((f) => f.name).join(', ')}`
    if (need.refresh && !REFRESHING.has(source.name))
      return `the ${source.name} flow issues no refresh token`
    return source.disabledBecause(app, options) ?? source
  }
  const candidates = SOURCES.filter((flow) => !need.refresh || REFRESHING.has(flow.name))
  return (
    candidates.find((flow) => flow.disabledBecause(app, options) === null) ??
    `no flow of the app can get a token first (${candidates.map((f) => f.name).join(', ')} are all off)`
  )
}

const given = (options: Record<string, unknown>, need: TokenNeed) =>
  need.refresh
    ? typeof options.refreshToken === 'string'
    : typeof options.accessToken === 'string' || typeof options.refreshToken === 'string'

export function sourceDisabled(
  app: WorkspaceApp,
  options: Record<string, unknown>,
  need: TokenNeed,
): string | null {
  if (need.refresh && !hasRefreshScope(app)) {
    return 'the app lacks the refresh_token scope (Perform requests at any time)'
  }
  if (given(options, need)) return null
  const source = chosenSource(app, options, need)
  return typeof source === 'string' ? source : null
}

export function sourceSteps(
  app: WorkspaceApp,
  options: Record<string, unknown>,
  need: TokenNeed,
): StepDef[] {
  if (given(options, need)) return []
  const source = chosenSource(app, options, need)
  if (typeof source === 'string') return []
  return source.steps(app, options)
}

/** Whether the token source needs a user (the run then picks one). */
export function sourceNeedsUser(): boolean {
  return true
}
