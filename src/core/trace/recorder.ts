import type { Database } from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { UI_PREFIX, type TraceStatsResponse } from '../../shared/admin-api'
import type { Clock } from '../policy/clock'
import { TraceStore, type TraceExchangeRow, type TraceFlowRow } from '../store/trace-store'
import { installCapture } from './capture'
import type { CapturedExchange } from './captured'
import { TraceEvents } from './events'
import { buildExchange } from './exchange-record'
import { FlowCorrelator } from './flows'
import { exchangeSummary, flowSummary } from './views'

export interface RecorderOptions {
  /** Keep at most this many exchanges (oldest pruned first). */
  maxExchanges?: number
  /** Keep at most about this many bytes of exchanges. */
  maxBytes?: number
  /** Bodies are cut at this many bytes (the cut is noted on the body). */
  maxBodyBytes?: number
  /** Group commit: a batch is written this long after its first exchange … */
  flushIntervalMs?: number
  /** … or as soon as it holds this many. */
  maxBatch?: number
}

export interface RecorderDeps {
  db: Database
  clock: Clock
  /** The grant an access or refresh token (by SHA-256) belongs to (the OAuth store). */
  grantOfToken(tokenHash: string): string | undefined
  /** Told when a batch could not be written (the message never holds request data). */
  onWriteError?(message: string): void
}

export const RECORDER_DEFAULTS = {
  maxExchanges: 10_000,
  maxBytes: 128 * 1024 * 1024,
  maxBodyBytes: 64 * 1024,
  flushIntervalMs: 10,
  maxBatch: 1000,
} as const

// Pruning goes below the limit by this share, so it runs once per many batches, each time
// briefly (deleting a range of old rows takes a few microseconds per row).
const PRUNE_HEADROOM = 0.95
// Everything the UI serves and the admin API is the workbench, not the emulated org.
const IGNORED_PREFIX = UI_PREFIX.replace(/\/$/, '')

/**
 * Records every exchange with the emulated org. The hooks only queue references; a flush a
 * few milliseconds later (or once a batch is full) builds the rows, ties them into flows and
 * writes the whole batch in one transaction — group commit, so the request path never waits
 * for SQLite and a crash loses at most the batch not yet committed. Events go out after the
 * commit, so whoever hears of an exchange can read it.
 */
export class Recorder {
  readonly events = new TraceEvents()
  readonly store: TraceStore
  readonly limits: Required<RecorderOptions>
  private queue: CapturedExchange[] = []
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null
  private nextExchangeId: number
  private totals: { count: number; bytes: number }
  private readonly correlator: FlowCorrelator
  private closed = false

  constructor(
    private readonly deps: RecorderDeps,
    options: RecorderOptions = {},
  ) {
    this.limits = { ...RECORDER_DEFAULTS, ...definedOnly(options) }
    this.store = new TraceStore(deps.db)
    const ids = this.store.maxIds()
    this.nextExchangeId = ids.exchange + 1
    this.totals = this.store.totals()
    this.correlator = new FlowCorrelator(
      { store: this.store, grantOfToken: deps.grantOfToken },
      ids.flow + 1,
    )
  }

  /** Adds the capture hooks to a server (before its routes and other hooks). */
  install(app: FastifyInstance): void {
    installCapture(app, {
      clock: this.deps.clock,
      ignorePrefix: IGNORED_PREFIX,
      sink: (exchange) => this.enqueue(exchange),
    })
  }

  enqueue(exchange: CapturedExchange): void {
    if (this.closed) return
    this.queue.push(exchange)
    if (this.queue.length >= this.limits.maxBatch) {
      this.immediate ??= setImmediate(() => this.flush())
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.limits.flushIntervalMs)
      this.timer.unref()
    }
  }

  /** Writes everything queued now; returns how many exchanges were written. */
  flush(): number {
    this.cancelTimers()
    const batch = this.queue
    if (batch.length === 0) return 0
    this.queue = []

    const rows: TraceExchangeRow[] = []
    const changed = new Map<number, TraceFlowRow>()
    for (const captured of batch) {
      // One exchange that cannot be recorded (a bug) must not cost the others, nor the server.
      try {
        const built = buildExchange(captured, this.nextExchangeId, this.limits.maxBodyBytes)
        const flow = this.correlator.assign(built.lineage, built.facts)
        if (flow) {
          built.row.flow_id = flow.id
          changed.set(flow.id, flow)
        }
        rows.push(built.row)
        this.nextExchangeId += 1
      } catch (error) {
        this.deps.onWriteError?.(`an exchange could not be recorded: ${(error as Error).message}`)
      }
    }
    const flows = [...changed.values()]
    try {
      this.store.writeBatch(rows, flows)
    } catch (error) {
      this.correlator.forget(changed.keys())
      this.deps.onWriteError?.(
        `${rows.length} exchange(s) were not recorded: ${(error as Error).message}`,
      )
      return 0
    }
    for (const row of rows) {
      this.totals.count += 1
      this.totals.bytes += row.size
    }
    try {
      this.pruneIfNeeded()
    } catch (error) {
      this.deps.onWriteError?.(`pruning failed: ${(error as Error).message}`)
    }
    this.announce(rows, flows)
    return rows.length
  }

  /** Deletes every recorded exchange and flow. */
  clear(): void {
    this.cancelTimers()
    this.queue = []
    this.store.clear()
    this.totals = { count: 0, bytes: 0 }
    this.correlator.reset()
    this.events.emit({ type: 'cleared' })
  }

  /** Writes what is queued and stops recording (before the database closes). */
  close(): void {
    if (this.closed) return
    this.flush()
    this.closed = true
  }

  stats(): TraceStatsResponse {
    return {
      enabled: true,
      exchanges: this.totals.count,
      flows: this.store.flowCount(),
      bytes: this.totals.bytes,
      maxExchanges: this.limits.maxExchanges,
      maxBytes: this.limits.maxBytes,
      maxBodyBytes: this.limits.maxBodyBytes,
    }
  }

  private pruneIfNeeded(): void {
    const { maxExchanges, maxBytes } = this.limits
    if (this.totals.count <= maxExchanges && this.totals.bytes <= maxBytes) return
    const result = this.store.prune(
      this.totals,
      Math.floor(maxExchanges * PRUNE_HEADROOM),
      Math.floor(maxBytes * PRUNE_HEADROOM),
    )
    this.totals.count -= result.exchanges
    this.totals.bytes -= result.bytes
    if (result.flows > 0) {
      this.correlator.pruned(this.store.minExchangeId() ?? this.nextExchangeId)
    }
  }

  private announce(rows: TraceExchangeRow[], flows: TraceFlowRow[]): void {
    if (this.events.listenerCount() === 0) return
    for (const row of rows) this.events.emit({ type: 'exchange', exchange: exchangeSummary(row) })
    for (const flow of flows) this.events.emit({ type: 'flow', flow: flowSummary({ ...flow }) })
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>
}
