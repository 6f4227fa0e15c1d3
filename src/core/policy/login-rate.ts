import type { PolicyStore } from '../store/policy-store'
import type { WorkspaceOrg } from '../workspace/types'
import type { PolicyVerdict } from './ip-restrictions'

/**
 * The login rate: Salesforce lets one user log in about 3600 times an hour (a JWT bearer
 * client that does not cache its tokens reaches it). Counted per user in SQLite over a
 * rolling hour of the virtual clock; a refused login is not counted, and says when the
 * oldest counted login leaves the window (Retry-After).
 */
export const DEFAULT_LOGIN_RATE_PER_HOUR = 3600
export const LOGIN_RATE_WINDOW_MS = 60 * 60 * 1000

export function loginRateLimit(org: Pick<WorkspaceOrg, 'loginRateLimitPerHour'>): number {
  return org.loginRateLimitPerHour ?? DEFAULT_LOGIN_RATE_PER_HOUR
}

export interface LoginRateVerdict extends PolicyVerdict {
  /** Seconds until a login would be counted again (refusals only). */
  retryAfterSeconds?: number
}

export function countLogin(
  store: PolicyStore,
  input: {
    userId: string
    username: string
    org: Pick<WorkspaceOrg, 'loginRateLimitPerHour'>
    now: number
    forcedBy?: string
  },
): LoginRateVerdict {
  const limit = loginRateLimit(input.org)
  const source =
    input.org.loginRateLimitPerHour === undefined
      ? "Salesforce's default"
      : 'org.loginRateLimitPerHour'
  if (input.forcedBy) {
    return {
      outcome: 'failed',
      detail: `fault rule ${input.forcedBy} treats ${input.username} as over the login rate (${limit} per hour, ${source})`,
      retryAfterSeconds: 60,
    }
  }
  const counted = store.countLogin(input.userId, input.now, LOGIN_RATE_WINDOW_MS, limit)
  if (counted.allowed) {
    return {
      outcome: 'passed',
      detail: `login ${counted.count} of ${limit} allowed for ${input.username} in the last hour (${source})`,
    }
  }
  const retryMs = counted.oldestAt + LOGIN_RATE_WINDOW_MS - input.now
  const retryAfterSeconds = Math.max(1, Math.ceil(retryMs / 1000))
  return {
    outcome: 'failed',
    detail: `${input.username} already logged in ${counted.count} times in the last hour; the limit is ${limit} (${source}); the next login is possible in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  }
}
