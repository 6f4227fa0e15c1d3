import type { FlowKind } from '../tokens/issue'
import type { WorkspaceApp, WorkspaceOrg, WorkspaceProfile } from '../workspace/types'
import { findRange, formatRange, formatRanges } from './ip-ranges'

/**
 * Profile login IP ranges, the org's trusted ranges and the app's IP relaxation, as one
 * decision (reference §8; Salesforce's "Connected App IP Relaxation and Continuous IP
 * Enforcement"):
 * - only profile login IP ranges block; with none, any address may log in. Org trusted
 *   ranges decide whether Salesforce asks a browser for identity verification, which
 *   Gatehouse does not emulate, so they are reported and never block;
 * - JWT bearer logins always enforce the ranges, whatever the app says;
 * - `enforce`: always checked; `enforceRelaxRefresh`: not for the refresh token flow;
 *   `relaxWithSecondFactor`: not for the web server and user-agent flows (Salesforce asks
 *   for identity verification there; Gatehouse counts it as done); `relax`: never checked;
 * - API calls are checked only with continuous IP enforcement on, and the relaxation
 *   still applies (relaxWithSecondFactor by the flow that started the token's grant).
 */

/** Where an address is judged: a browser login, a token grant, or an API call. */
export type IpCheckFlow = 'authorize' | FlowKind | 'api'

export interface IpRestrictionInput {
  ip: string
  profile: Pick<WorkspaceProfile, 'name' | 'loginIpRanges'>
  org: Pick<WorkspaceOrg, 'trustedIpRanges' | 'enforceIpRangesEveryRequest'>
  app: Pick<WorkspaceApp, 'name' | 'policies'>
  flow: IpCheckFlow
  /** The flow that started the grant (refresh grants and API calls), when known. */
  originFlow?: string
  /** A fault rule that makes this check fail whatever the address (the ip-restricted preset). */
  forcedBy?: string
}

export type PolicyOutcome = 'passed' | 'failed' | 'skipped'

export interface PolicyVerdict {
  outcome: PolicyOutcome
  detail: string
}

const SECOND_FACTOR_FLOWS = new Set(['authorize', 'web_server', 'user_agent'])

function trustedNote(input: IpRestrictionInput): string {
  const trusted = input.org.trustedIpRanges
  if (!trusted.length) return 'the org has no trusted IP ranges'
  const inside = findRange(input.ip, trusted)
  return inside
    ? `${input.ip} is in the org's trusted range ${formatRange(inside)}`
    : `${input.ip} is outside the org's trusted ranges ${formatRanges(trusted)} (Salesforce would ask a browser for identity verification; not emulated)`
}

interface Relaxation {
  bypass: boolean
  words: string
}

/** What the app's IP relaxation says for this flow. */
export function relaxationFor(input: IpRestrictionInput): Relaxation {
  const policy = input.app.policies.ipRelaxation
  const name = `app policy: ${policy}`
  if (input.flow === 'jwt_bearer') {
    return {
      bypass: false,
      words: `${name}, but JWT bearer logins always enforce IP restrictions`,
    }
  }
  switch (policy) {
    case 'relax':
      return { bypass: true, words: `${name} (IP restrictions do not apply)` }
    case 'enforceRelaxRefresh':
      return input.flow === 'refresh_token'
        ? { bypass: true, words: `${name} (relaxed for the refresh token flow)` }
        : { bypass: false, words: `${name} (relaxed for the refresh token flow only)` }
    case 'relaxWithSecondFactor': {
      const flow =
        input.flow === 'api' || input.flow === 'refresh_token' ? input.originFlow : input.flow
      return flow !== undefined && SECOND_FACTOR_FLOWS.has(flow)
        ? {
            bypass: true,
            words: `${name} (the ${flow === 'user_agent' ? 'user-agent' : 'web server'} flow is relaxed after identity verification, which Gatehouse counts as done)`,
          }
        : {
            bypass: false,
            words: `${name} (only the web server and user-agent flows are relaxed)`,
          }
    }
    case 'enforce':
      return { bypass: false, words: name }
  }
}

export function evaluateIpRestriction(input: IpRestrictionInput): PolicyVerdict {
  const { ip, profile, org } = input
  if (input.forcedBy) {
    return {
      outcome: 'failed',
      detail: `fault rule ${input.forcedBy} treats client IP ${ip} as outside profile ${profile.name}'s login ranges`,
    }
  }
  if (input.flow === 'api' && org.enforceIpRangesEveryRequest !== true) {
    return {
      outcome: 'skipped',
      detail:
        'continuous IP enforcement is off (org.enforceIpRangesEveryRequest): login IP ranges are checked at login only',
    }
  }
  const ranges = profile.loginIpRanges
  if (!ranges.length) {
    return {
      outcome: 'passed',
      detail: `profile ${profile.name} has no login IP ranges, so any address may log in; ${trustedNote(input)}`,
    }
  }
  const inside = findRange(ip, ranges)
  const relaxation = relaxationFor(input)
  if (inside) {
    return {
      outcome: 'passed',
      detail: `client IP ${ip} is in profile ${profile.name}'s login range ${formatRange(inside)}; ${relaxation.words}`,
    }
  }
  const compared = `client IP ${ip} is not in profile ${profile.name}'s login ranges ${formatRanges(ranges)}`
  return relaxation.bypass
    ? { outcome: 'passed', detail: `${compared}; ${relaxation.words}` }
    : { outcome: 'failed', detail: `${compared}; ${relaxation.words}` }
}

const ALLOWLIST_FLOWS = new Set(['web_server', 'refresh_token'])

/**
 * The External Client App's Refresh Token IP Allowlist: unlike trusted ranges it blocks
 * outright, and unlike profile ranges no relaxation applies. It guards the two flows that
 * hand out or use refresh tokens: the code exchange and the refresh token grant.
 */
export function evaluateRefreshAllowlist(input: {
  ip: string
  app: Pick<WorkspaceApp, 'name' | 'policies'>
  flow: IpCheckFlow
}): PolicyVerdict {
  const list = input.app.policies.refreshTokenIpAllowlist
  if (!list) {
    return { outcome: 'skipped', detail: `${input.app.name} has no refresh token IP allowlist` }
  }
  if (!ALLOWLIST_FLOWS.has(input.flow)) {
    return {
      outcome: 'skipped',
      detail: `the refresh token IP allowlist guards the web server and refresh token flows, not ${input.flow}`,
    }
  }
  const inside = findRange(input.ip, list)
  return inside
    ? {
        outcome: 'passed',
        detail: `client IP ${input.ip} is in ${input.app.name}'s refresh token IP allowlist range ${formatRange(inside)}`,
      }
    : {
        outcome: 'failed',
        detail: `client IP ${input.ip} is not in ${input.app.name}'s refresh token IP allowlist ${formatRanges(list) || '(empty)'}`,
      }
}
