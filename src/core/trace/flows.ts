import type { FlowKind } from '../../shared/admin-api'
import type { TraceFlowRow, TraceStore } from '../store/trace-store'
import { BoundedMap } from './bounded-map'
import type { Lineage } from './lineage'

/** What the correlator needs to know about an exchange besides its lineage. */
export interface ExchangeFacts {
  id: number
  startedAt: number
  endedAt: number
  failed: boolean
  failedStep: string | null
  appKey: string | null
  appName: string | null
  userId: string | null
  username: string | null
}

export interface CorrelatorDeps {
  store: TraceStore
  /** The grant an access or refresh token (given by its SHA-256) belongs to, if any. */
  grantOfToken(tokenHash: string): string | undefined
}

const KEY_LIMIT = 50_000
const FLOW_CACHE_LIMIT = 2_000
const MISS_LIMIT = 10_000

// These exchanges always begin a grant of their own: looking its id up in SQLite would
// only ever miss.
const NEW_GRANT_KINDS = new Set(['client_credentials', 'password', 'jwt_bearer', 'web_server'])

/**
 * Ties exchanges into flows by lineage. A flow starts at an exchange that begins one (an
 * authorization request, a token request that continues nothing) and every exchange that
 * presents something the flow handed out joins it: the pending request's id, the code, the
 * tokens, the grant. Keys live in memory (bounded); after a restart or once forgotten, a
 * token is traced back through its grant (the OAuth store) to the flow that recorded it.
 */
export class FlowCorrelator {
  private readonly keys = new BoundedMap<string, number>(KEY_LIMIT)
  private readonly flows = new BoundedMap<number, TraceFlowRow>(FLOW_CACHE_LIMIT)
  /** Grants known to have no recorded flow; any flow recorded later sets its key in `keys`. */
  private readonly grantMisses = new BoundedMap<string, true>(MISS_LIMIT)

  constructor(
    private readonly deps: CorrelatorDeps,
    private nextId: number,
  ) {}

  /** Finds or starts the exchange's flow and updates it; null when it belongs to none. */
  assign(lineage: Lineage, facts: ExchangeFacts): TraceFlowRow | null {
    const flow = this.find(lineage) ?? (lineage.starts ? this.start(lineage.starts, facts) : null)
    if (!flow) return null
    apply(flow, lineage, facts)
    for (const key of lineage.follows) this.keys.set(key, flow.id)
    for (const key of lineage.produces) this.keys.set(key, flow.id)
    if (lineage.grantId) this.grantMisses.delete(lineage.grantId)
    return flow
  }

  /** Forgets everything (after the trace is cleared); ids keep counting up. */
  reset(): void {
    this.keys.clear()
    this.flows.clear()
    this.grantMisses.clear()
  }

  /** After pruning: forgets cached flows whose exchanges are all gone. */
  pruned(oldestKeptExchangeId: number): void {
    const gone = [...this.flows.values()].filter((f) => f.last_exchange_id < oldestKeptExchangeId)
    for (const flow of gone) this.flows.delete(flow.id)
  }

  /** Drops cached flows whose write failed, so they are read again from SQLite. */
  forget(flowIds: Iterable<number>): void {
    for (const id of flowIds) this.flows.delete(id)
  }

  private find(lineage: Lineage): TraceFlowRow | undefined {
    for (const key of lineage.follows) {
      const id = this.keys.get(key)
      if (id === undefined) continue
      const flow = this.load(id)
      if (flow) return flow
      this.keys.delete(key)
    }
    if (lineage.grantId && !NEW_GRANT_KINDS.has(lineage.starts ?? '')) {
      const flow = this.byGrant(lineage.grantId)
      if (flow) return flow
    }
    for (const hash of lineage.presentedTokenHashes) {
      const grantId = this.deps.grantOfToken(hash)
      const flow = grantId ? this.byGrant(grantId) : undefined
      if (flow) return flow
    }
    return undefined
  }

  private load(id: number): TraceFlowRow | undefined {
    const cached = this.flows.get(id)
    if (cached) return cached
    const row = this.deps.store.flow(id)
    if (row) this.flows.set(id, row)
    return row
  }

  /** SQLite's answer for a grant whose key is not in memory (after a restart, or forgotten). */
  private byGrant(grantId: string): TraceFlowRow | undefined {
    if (this.grantMisses.get(grantId)) return undefined
    const row = this.deps.store.flowByGrant(grantId)
    if (!row) {
      this.grantMisses.set(grantId, true)
      return undefined
    }
    return this.flows.get(row.id) ?? this.cache(row)
  }

  private cache(row: TraceFlowRow): TraceFlowRow {
    this.flows.set(row.id, row)
    return row
  }

  private start(kind: FlowKind, facts: ExchangeFacts): TraceFlowRow {
    const flow: TraceFlowRow = {
      id: this.nextId++,
      kind,
      app_key: null,
      app_name: null,
      user_id: null,
      username: null,
      grant_id: null,
      status: 'in_progress',
      failed_step: null,
      failed_exchange_id: null,
      tokens_issued: 0,
      started_at: facts.startedAt,
      ended_at: facts.endedAt,
      exchange_count: 0,
      last_exchange_id: facts.id,
    }
    return this.cache(flow)
  }
}

/**
 * Folds one exchange into its flow. The status follows the latest exchange: failed at its
 * step when it failed, succeeded once tokens were issued, in progress before that.
 */
function apply(flow: TraceFlowRow, lineage: Lineage, facts: ExchangeFacts): void {
  flow.exchange_count += 1
  flow.last_exchange_id = facts.id
  flow.started_at = Math.min(flow.started_at, facts.startedAt)
  flow.ended_at = Math.max(flow.ended_at, facts.endedAt)
  if (flow.kind === 'unknown' && lineage.starts && lineage.starts !== 'unknown') {
    flow.kind = lineage.starts
  }
  if (facts.appKey && !flow.app_key) {
    flow.app_key = facts.appKey
    flow.app_name = facts.appName
  }
  if (facts.userId && !flow.user_id) {
    flow.user_id = facts.userId
    flow.username = facts.username
  }
  if (lineage.grantId) flow.grant_id = lineage.grantId
  if (lineage.tokensIssued && !facts.failed) flow.tokens_issued = 1

  if (facts.failed) {
    flow.status = 'failed'
    flow.failed_step = facts.failedStep
    flow.failed_exchange_id = facts.id
  } else {
    flow.status = flow.tokens_issued ? 'succeeded' : 'in_progress'
    flow.failed_step = null
    flow.failed_exchange_id = null
  }
}
