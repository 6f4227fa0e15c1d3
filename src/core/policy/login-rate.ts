import type { WorkspaceOrg } from '../workspace/types'
import type { PolicyVerdict } from './ip-restrictions'

/**
 * The login rate: Salesforce lets one user log in about 3600 times an hour (a JWT bearer
 * client that does not cache its tokens reaches it). Counted per user over a rolling hour of
 * the virtual clock; a refused login is not counted, and says when the oldest counted login
 * leaves the window (Retry-After).
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

export type LoginCount =
  { allowed: true; count: number } | { allowed: false; count: number; oldestAt: number }

/**
 * Login times per user, in memory. Every token grant is a login, so this sits on the token
 * endpoint's hot path: counting rows in SQLite made each grant cost O(logins in the last hour).
 * Times arrive in order, so pruning from the front keeps each count amortized O(1). The count
 * starts afresh when the engine restarts, which only ever allows more logins, never fewer.
 */
export class LoginRateCounter {
  private readonly logins = new Map<string, { times: number[]; head: number }>()

  count(userId: string, now: number, windowMs: number, limit: number): LoginCount {
    let entry = this.logins.get(userId)
    if (!entry) {
      entry = { times: [], head: 0 }
      this.logins.set(userId, entry)
    }
    const since = now - windowMs
    // The virtual clock can be moved back: logins "in the future" then no longer count.
    if (entry.times.length > entry.head && entry.times[entry.times.length - 1]! > now) {
      entry.times = entry.times.slice(entry.head).filter((t) => t <= now)
      entry.head = 0
    }
    while (entry.head < entry.times.length && entry.times[entry.head]! <= since) entry.head++
    if (entry.head > 1024 && entry.head * 2 > entry.times.length) {
      entry.times = entry.times.slice(entry.head)
      entry.head = 0
    }
    const n = entry.times.length - entry.head
    if (n >= limit) return { allowed: false, count: n, oldestAt: entry.times[entry.head] ?? now }
    entry.times.push(now)
    return { allowed: true, count: n + 1 }
  }
}

export function countLogin(
  counter: LoginRateCounter,
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
  const counted = counter.count(input.userId, input.now, LOGIN_RATE_WINDOW_MS, limit)
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
