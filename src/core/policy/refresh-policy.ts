import type { RefreshTokenPolicy } from '../workspace'

/** Policy units on the virtual clock; Salesforce's "months" are taken as 30 days. */
const UNIT_MS = {
  hours: 3_600_000,
  days: 86_400_000,
  months: 30 * 86_400_000,
} as const

export interface RefreshTokenTimes {
  /** When the presented refresh token was issued. */
  tokenCreatedAt: number
  /** When it was last used to refresh (null: never). */
  lastUsedAt: number | null
  /** When the grant it belongs to began (the first token of the family). */
  grantCreatedAt: number
  now: number
}

export interface PolicyVerdict {
  usable: boolean
  detail: string
}

function span(value: number, unit: keyof typeof UNIT_MS): string {
  return `${value} ${value === 1 ? unit.slice(0, -1) : unit}`
}

function hours(ms: number): string {
  return `${(ms / 3_600_000).toFixed(ms < 36_000_000 ? 2 : 1)} h`
}

/** The app's Refresh Token Policy applied to one refresh token (reference §8). */
export function evaluateRefreshPolicy(
  policy: RefreshTokenPolicy,
  t: RefreshTokenTimes,
): PolicyVerdict {
  switch (policy.type) {
    case 'untilRevoked':
      return { usable: true, detail: 'policy: refresh token is valid until revoked' }
    case 'immediatelyExpire':
      return {
        usable: false,
        detail: 'policy: refresh tokens expire immediately, so none is ever usable',
      }
    case 'expireIfNotUsedFor': {
      const since = t.lastUsedAt ?? t.tokenCreatedAt
      const idle = t.now - since
      const limit = policy.value * UNIT_MS[policy.unit]
      const what = `${t.lastUsedAt === null ? 'unused since issued' : 'last used'} ${hours(idle)} ago`
      return idle >= limit
        ? {
            usable: false,
            detail: `policy: expire if not used for ${span(policy.value, policy.unit)}; ${what}`,
          }
        : {
            usable: true,
            detail: `policy: expire if not used for ${span(policy.value, policy.unit)}; ${what}`,
          }
    }
    case 'expireAfter': {
      const age = t.now - t.grantCreatedAt
      const limit = policy.value * UNIT_MS[policy.unit]
      const what = `the grant began ${hours(age)} ago`
      return age >= limit
        ? {
            usable: false,
            detail: `policy: expire after ${span(policy.value, policy.unit)}; ${what}`,
          }
        : {
            usable: true,
            detail: `policy: expire after ${span(policy.value, policy.unit)}; ${what}`,
          }
    }
  }
}
