import type { RefreshTokenPolicy, WorkspaceAppPolicies } from '../workspace'

type IpRelaxation = WorkspaceAppPolicies['ipRelaxation']
type PermittedUsers = WorkspaceAppPolicies['permittedUsers']
type TimeUnit = 'hours' | 'days' | 'months'

/** Connected app `oauthPolicy.ipRelaxation` ↔ the workspace's value. */
export const CA_IP_RELAXATION: Record<string, IpRelaxation> = {
  ENFORCE: 'enforce',
  ENFORCE_RELAXREFRESH: 'enforceRelaxRefresh',
  BYPASS_2FACTOR: 'relaxWithSecondFactor',
  BYPASS: 'relax',
}

/** External Client App `ipRelaxationPolicyType` ↔ the workspace's value. */
export const ECA_IP_RELAXATION: Record<string, IpRelaxation> = {
  Enforce: 'enforce',
  Enforce_RelaxRefresh: 'enforceRelaxRefresh',
  Bypass_2factor: 'relaxWithSecondFactor',
  Bypass: 'relax',
}

export const ECA_PERMITTED_USERS: Record<string, PermittedUsers> = {
  AllSelfAuthorized: 'allSelfAuthorize',
  AdminApprovedPreAuthorized: 'adminApprovedPreAuthorized',
}

export const ECA_REFRESH_TYPES = [
  'Infinite',
  'Zero',
  'SpecificInactivity',
  'SpecificLifetime',
] as const
export const ECA_UNITS: Record<string, TimeUnit> = {
  Hours: 'hours',
  Days: 'days',
  Months: 'months',
}
const CA_UNITS: Record<string, TimeUnit> = { HOURS: 'hours', DAYS: 'days', MONTHS: 'months' }

export function reverse<V extends string>(table: Record<string, V>, value: V): string {
  return Object.keys(table).find((key) => table[key] === value)!
}

const CA_REFRESH = /^(infinite|zero|specific_(lifetime|inactivity):(\d+):(HOURS|DAYS|MONTHS))$/

/** `infinite`, `zero`, `specific_lifetime:N:UNIT`, `specific_inactivity:N:UNIT`; null if not. */
export function parseConnectedAppRefreshPolicy(text: string): RefreshTokenPolicy | null {
  const match = CA_REFRESH.exec(text)
  if (!match) return null
  if (match[1] === 'infinite') return { type: 'untilRevoked' }
  if (match[1] === 'zero') return { type: 'immediatelyExpire' }
  const value = Number(match[3])
  if (!Number.isSafeInteger(value) || value < 1) return null
  return {
    type: match[2] === 'lifetime' ? 'expireAfter' : 'expireIfNotUsedFor',
    value,
    unit: CA_UNITS[match[4]!]!,
  }
}

export function formatConnectedAppRefreshPolicy(policy: RefreshTokenPolicy): string {
  switch (policy.type) {
    case 'untilRevoked':
      return 'infinite'
    case 'immediatelyExpire':
      return 'zero'
    case 'expireAfter':
      return `specific_lifetime:${policy.value}:${policy.unit.toUpperCase()}`
    case 'expireIfNotUsedFor':
      return `specific_inactivity:${policy.value}:${policy.unit.toUpperCase()}`
  }
}

/** The ECA policy file's three elements for a workspace refresh token policy. */
export function formatEcaRefreshPolicy(policy: RefreshTokenPolicy): {
  type: (typeof ECA_REFRESH_TYPES)[number]
  value?: number
  unit?: string
} {
  switch (policy.type) {
    case 'untilRevoked':
      return { type: 'Infinite' }
    case 'immediatelyExpire':
      return { type: 'Zero' }
    case 'expireAfter':
      return {
        type: 'SpecificLifetime',
        value: policy.value,
        unit: reverse(ECA_UNITS, policy.unit),
      }
    case 'expireIfNotUsedFor':
      return {
        type: 'SpecificInactivity',
        value: policy.value,
        unit: reverse(ECA_UNITS, policy.unit),
      }
  }
}
