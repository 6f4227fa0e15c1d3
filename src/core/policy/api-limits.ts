import type { Database } from 'better-sqlite3'
import type { Clock } from './clock'
import { createApiUsageStore, type ApiUsageRow, type ApiUsageStore } from '../store/api-usage-store'
import type { WorkspaceOrg } from '../workspace'

/**
 * The daily API request allocation and its use: a rolling 24-hour window on the virtual
 * clock, counted per app (the org's usage is the sum).
 *
 * Counting must not cost a SQLite write per request, so counts live in memory in one-minute
 * buckets and the increments are written in batches (every second, and on close). After a
 * crash at most the last second of counts is lost; after a clean stop, nothing. The window
 * moves a bucket at a time, so "24 hours" is exact to the minute.
 */

export const WINDOW_MS = 24 * 60 * 60 * 1000
export const BUCKET_MS = 60 * 1000
const FLUSH_INTERVAL_MS = 1000

export interface Allocation {
  max: number
  /** How the number was reached, in plain words (for the trace). */
  explanation: string
}

/**
 * Salesforce's allocation by edition: Developer 15,000; Enterprise and Professional
 * 100,000 + 1,000 per licence; Unlimited and Performance 100,000 + 5,000 per licence. The
 * workspace has no licence count, so each active user stands for one licence.
 * `org.dailyApiRequests` overrides all of it.
 */
export function dailyApiAllocation(org: WorkspaceOrg, activeUsers: number): Allocation {
  if (org.dailyApiRequests !== undefined) {
    return {
      max: org.dailyApiRequests,
      explanation: `org.dailyApiRequests = ${org.dailyApiRequests}`,
    }
  }
  switch (org.edition) {
    case 'Developer':
      return { max: 15_000, explanation: 'Developer Edition: 15000 requests per 24 hours' }
    case 'Enterprise':
    case 'Professional': {
      const max = 100_000 + 1_000 * activeUsers
      return {
        max,
        explanation: `${org.edition} Edition: 100000 + 1000 × ${activeUsers} active user licences`,
      }
    }
    case 'Unlimited':
    case 'Performance': {
      const max = 100_000 + 5_000 * activeUsers
      return {
        max,
        explanation: `${org.edition} Edition: 100000 + 5000 × ${activeUsers} active user licences`,
      }
    }
  }
}

export interface UsageSnapshot {
  /** Requests in the window, org-wide. */
  total: number
  /** Requests in the window per app (consumer key). */
  perApp: ReadonlyMap<string, number>
}

/**
 * In-memory request counts per app and minute, with running window totals that are rebuilt
 * only when the current minute changes (or the clock jumps), so reading and counting are O(1).
 */
export class ApiUsageCounter {
  /** app key → bucket start → count. */
  private readonly buckets = new Map<string, Map<number, number>>()
  /** Increments not yet written: "appKey\u0000bucket" → count. */
  private pending = new Map<string, ApiUsageRow>()
  private totalsBucket = Number.NaN
  private total = 0
  private readonly perApp = new Map<string, number>()
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly store: ApiUsageStore,
    private readonly clock: Clock,
  ) {
    for (const row of store.since(clock.now() - WINDOW_MS - BUCKET_MS)) {
      this.bucketsOf(row.app_key).set(row.bucket, row.count)
    }
  }

  /** Starts writing increments every second (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS)
    this.timer.unref()
  }

  /** Writes pending increments and stops the timer. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.flush()
  }

  /** Counts one request by `appKey` at the current virtual time. */
  record(appKey: string): void {
    const now = this.clock.now()
    const bucket = bucketOf(now)
    this.refresh(now)
    const counts = this.bucketsOf(appKey)
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1)
    this.total++
    this.perApp.set(appKey, (this.perApp.get(appKey) ?? 0) + 1)
    const key = `${appKey}\u0000${bucket}`
    const row = this.pending.get(key)
    if (row) row.count++
    else this.pending.set(key, { app_key: appKey, bucket, count: 1 })
  }

  /** Usage in the 24 hours ending now. */
  usage(): UsageSnapshot {
    this.refresh(this.clock.now())
    return { total: this.total, perApp: this.perApp }
  }

  /** Writes the increments counted since the last flush, and forgets buckets out of the window. */
  flush(): void {
    if (this.pending.size === 0) return
    const rows = [...this.pending.values()]
    this.pending = new Map()
    this.store.add(rows)
    this.store.prune(this.clock.now() - WINDOW_MS - BUCKET_MS)
  }

  private bucketsOf(appKey: string): Map<number, number> {
    let counts = this.buckets.get(appKey)
    if (!counts) this.buckets.set(appKey, (counts = new Map()))
    return counts
  }

  /** Rebuilds the window totals when the current bucket is not the one they were built for. */
  private refresh(now: number): void {
    const current = bucketOf(now)
    if (current === this.totalsBucket) return
    this.totalsBucket = current
    // Buckets in (now - 24 h, now]: the oldest counted bucket starts a full window earlier.
    const oldest = current - WINDOW_MS + BUCKET_MS
    this.total = 0
    this.perApp.clear()
    for (const [appKey, counts] of this.buckets) {
      let sum = 0
      for (const [bucket, count] of counts) {
        if (bucket < oldest - WINDOW_MS) counts.delete(bucket)
        else if (bucket >= oldest && bucket <= current) sum += count
      }
      if (sum > 0) this.perApp.set(appKey, sum)
      this.total += sum
    }
  }
}

const bucketOf = (ms: number) => Math.floor(ms / BUCKET_MS) * BUCKET_MS

export type LimitDecision =
  | { allowed: true; used: number; max: number; allocation: Allocation }
  | { allowed: false; used: number; max: number; allocation: Allocation }

/**
 * The daily limit as a decision: a request is refused once the window's usage has reached
 * the allocation (refused requests are not counted); otherwise it is counted.
 */
export class ApiLimits {
  constructor(readonly counter: ApiUsageCounter) {}

  admit(org: WorkspaceOrg, activeUsers: number, appKey: string): LimitDecision {
    const allocation = dailyApiAllocation(org, activeUsers)
    const used = this.counter.usage().total
    if (used >= allocation.max) return { allowed: false, used, max: allocation.max, allocation }
    this.counter.record(appKey)
    return { allowed: true, used: used + 1, max: allocation.max, allocation }
  }

  usage(): UsageSnapshot {
    return this.counter.usage()
  }
}

const perEngine = new WeakMap<object, ApiLimits>()

/**
 * The engine's one ApiLimits, created on first use: the REST API counts through it, and the
 * policy engine and the admin API read the same numbers. The caller that serves requests
 * starts and stops its flush timer.
 */
export function apiLimitsFor(engine: { store: { db: Database }; clock: Clock }): ApiLimits {
  let limits = perEngine.get(engine)
  if (!limits) {
    limits = new ApiLimits(new ApiUsageCounter(createApiUsageStore(engine.store.db), engine.clock))
    perEngine.set(engine, limits)
  }
  return limits
}
