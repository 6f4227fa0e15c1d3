import type { Database } from 'better-sqlite3'
import type { ExchangeSummary, FlowSummary } from '../../shared/admin-api'
import { TraceStore, type TraceExchangeRow, type TraceFlowRow } from '../store/trace-store'
import { buildExchange } from './exchange-record'
import { FlowCorrelator } from './flows'
import { decodeExchange } from './batch-codec'
import { exchangeSummary, flowSummary } from './views'
import { StepTextCompactor, type NewStepText } from './step-texts'
import { SearchIndexer, type SearchIndexerOptions } from './search-indexer'
import type { PauseWorkOptions } from './pause-work'
import { SetAsideBatches, type SetAsideBatch } from './set-aside'

export interface TraceLimits {
  /** Keep at most this many exchanges (oldest pruned first). */
  maxExchanges: number
  /** Keep at most about this many bytes of exchanges. */
  maxBytes: number
  /** Bodies are cut at this many bytes (the cut is noted on the body). */
  maxBodyBytes: number
}

export interface TraceTotals {
  exchanges: number
  bytes: number
  flows: number
}

/** What one written batch changed: for the events, the stats and the write errors. */
export interface BatchResult {
  /** What was written, when asked to announce it. */
  exchanges: ExchangeSummary[]
  flows: FlowSummary[]
  /** How many exchanges were written (those set aside before included). */
  written: number
  totals: TraceTotals
  /** Exchanges set aside (set-aside.ts) and not built yet. */
  setAside: number
  /** Messages (never request data) of what could not be recorded. */
  errors: string[]
}

export interface TraceWriterDeps {
  /** The trace database; this writer is its only writer. */
  db: Database
  /** The grant an access or refresh token (by SHA-256) belongs to (the OAuth store). */
  grantOfToken(tokenHash: string): string | undefined
  /** When to bring the search index up to date (search-indexer.ts); false: never. */
  searchIndex?: Partial<SearchIndexerOptions> | false
  /** When to build the batches set aside under load (set-aside.ts); false: only when asked. */
  setAside?: Partial<PauseWorkOptions> | false
  /** Told of what could not be done in the background (never request data). */
  onWarning?(message: string): void
}

// Pruning goes below the limit by this share, so it runs once per many batches, each time
// briefly (deleting a range of old rows takes a few microseconds per row).
const PRUNE_HEADROOM = 0.95

// What may be set aside under load, as a share of the trace's size limit: past it, batches are
// built as they come in again, so the database never holds much more than the limit.
const SET_ASIDE_SHARE = 0.5

/** What one write produced, for its result. */
class Outcome {
  readonly exchanges: ExchangeSummary[] = []
  readonly flows = new Map<number, FlowSummary>()
  readonly errors: string[] = []
  written = 0

  constructor(private readonly announce: boolean) {}

  add(rows: readonly TraceExchangeRow[], flows: readonly TraceFlowRow[]): void {
    this.written += rows.length
    if (!this.announce) return
    for (const row of rows) this.exchanges.push(exchangeSummary(row))
    // A copy: the correlator keeps updating its rows. A flow changed twice is announced once.
    for (const flow of flows) this.flows.set(flow.id, flowSummary({ ...flow }))
  }

  result(totals: TraceTotals, setAside: number): BatchResult {
    const { exchanges, errors, written } = this
    return { exchanges, flows: [...this.flows.values()], written, totals, setAside, errors }
  }
}

/**
 * The recorder's writing half: turns packed exchanges into rows, ties them into flows, writes
 * each batch in one transaction (group commit: a crash loses at most the batch not yet
 * committed) and prunes the oldest exchanges past the limits. Under load it sets batches aside
 * and builds them in the next pause, or as soon as someone flushes (set-aside.ts). It runs
 * wherever the recorder puts it — its own thread in the CLI and the desktop app, the engine's
 * thread otherwise — and knows nothing of HTTP.
 */
export class TraceWriter {
  readonly store: TraceStore
  private nextExchangeId: number
  private totals: { count: number; bytes: number; flows: number }
  /** The newest flow id written: flows above it in a batch are new ones. */
  private newestFlowId: number
  private readonly correlator: FlowCorrelator
  private readonly stepTexts: StepTextCompactor
  private readonly indexer: SearchIndexer | null
  private readonly aside: SetAsideBatches

  constructor(
    private readonly deps: TraceWriterDeps,
    private readonly limits: TraceLimits,
    /** The totals when the caller already counted them (a count reads every row). */
    known?: TraceTotals,
  ) {
    this.store = new TraceStore(deps.db)
    const ids = this.store.maxIds()
    this.nextExchangeId = ids.exchange + 1
    this.newestFlowId = ids.flow
    this.totals = known
      ? { count: known.exchanges, bytes: known.bytes, flows: known.flows }
      : { ...this.store.totals(), flows: this.store.flowCount() }
    this.stepTexts = new StepTextCompactor(this.store.allStepTexts())
    this.indexer =
      deps.searchIndex === false
        ? null
        : new SearchIndexer(this.store, deps.searchIndex, deps.onWarning)
    // What was recorded before (or before the index existed) is indexed at the first pause.
    this.indexer?.wrote()
    this.correlator = new FlowCorrelator(
      { store: this.store, grantOfToken: deps.grantOfToken },
      ids.flow + 1,
    )
    const warn = (message: string) => deps.onWarning?.(message)
    this.aside = new SetAsideBatches(deps.db, {
      maxChars: Math.floor(limits.maxBytes * SET_ASIDE_SHARE),
      pause: deps.setAside,
      buildInPause: (taken) => {
        const outcome = new Outcome(false)
        this.record(taken.batch, outcome, taken)
        for (const message of outcome.errors) warn(message)
        // The index waits until everything is built.
        this.indexer?.wrote()
      },
      onWarning: warn,
    })
  }

  /**
   * Writes one batch of encoded exchanges (batch-codec.ts). `announce`: return the summaries
   * of what was written (someone listens for events); without it only the totals come back.
   * `setAside`: the batch may wait for the next pause (set-aside.ts) — the recorder's own
   * flushes, which nobody waits for. Any other write builds what was set aside first, so
   * whoever flushed finds every exchange.
   */
  write(batch: readonly string[], announce = true, setAside = false): BatchResult {
    const outcome = new Outcome(announce)
    const record = (taken: SetAsideBatch) => this.record(taken.batch, outcome, taken)
    const buildAside = (work: () => void) => {
      try {
        work()
      } catch (error) {
        // Reading what was set aside failed: it stays for the next try; this batch goes on.
        outcome.errors.push(`batches set aside could not be built: ${(error as Error).message}`)
      }
    }
    if (setAside && !announce && this.aside.wants(batch.length) && this.trySetAside(batch)) {
      buildAside(() => this.aside.keepWithinLimit(record))
    } else {
      buildAside(() => this.aside.buildWhile(() => true, record))
      this.record(batch, outcome)
    }
    // An empty batch (a reader asking for a flush) is no traffic: the pause goes on.
    if (batch.length > 0) this.indexer?.wrote()
    return outcome.result(this.currentTotals(), this.aside.count())
  }

  /** Sets a batch aside; false when it could not be (the disk?): the caller builds it now. */
  private trySetAside(batch: readonly string[]): boolean {
    try {
      this.aside.add(batch)
      return true
    } catch (error) {
      this.deps.onWarning?.(`a batch could not be set aside: ${(error as Error).message}`)
      return false
    }
  }

  /**
   * Builds rows of a batch, ties them into flows and writes them in one transaction (with the
   * deletion of the batch set aside they came from, if they did).
   */
  private record(batch: readonly string[], outcome: Outcome, taken?: SetAsideBatch): void {
    const rows: TraceExchangeRow[] = []
    const changed = new Map<number, TraceFlowRow>()
    const addedTexts: NewStepText[] = []
    for (const encoded of batch) {
      // One exchange that cannot be recorded (a bug) must not cost the others, nor the server.
      try {
        const built = buildExchange(
          decodeExchange(encoded),
          this.nextExchangeId,
          this.limits.maxBodyBytes,
        )
        const { row } = built
        if (row.steps) {
          row.steps = this.stepTexts.compact(row.steps, addedTexts)
          row.size += row.steps.length
        }
        const flow = this.correlator.assign(built.lineage, built.facts)
        if (flow) {
          built.row.flow_id = flow.id
          changed.set(flow.id, flow)
        }
        rows.push(built.row)
        this.nextExchangeId += 1
      } catch (error) {
        outcome.errors.push(`an exchange could not be recorded: ${(error as Error).message}`)
      }
    }
    if (rows.length === 0) {
      taken?.discard()
      return
    }
    const flows = [...changed.values()]
    const writeRows = () => this.store.writeBatch(rows, flows, this.newestFlowId, addedTexts)
    try {
      if (taken) taken.commit(writeRows)
      else writeRows()
    } catch (error) {
      this.correlator.forget(changed.keys())
      this.stepTexts.forget(addedTexts)
      // A batch set aside that cannot be written would fail again: it goes.
      taken?.discard()
      outcome.errors.push(
        `${rows.length} exchange(s) were not recorded: ${(error as Error).message}`,
      )
      return
    }
    for (const row of rows) {
      this.totals.count += 1
      this.totals.bytes += row.size
    }
    for (const flow of flows) {
      if (flow.id <= this.newestFlowId) continue
      this.totals.flows += 1
      this.newestFlowId = flow.id
    }
    try {
      this.pruneIfNeeded()
    } catch (error) {
      outcome.errors.push(`pruning failed: ${(error as Error).message}`)
    }
    outcome.add(rows, flows)
  }

  /** Deletes every recorded exchange and flow. */
  clear(): TraceTotals {
    this.aside.clear()
    this.store.clear()
    this.indexer?.wrote()
    this.totals = { count: 0, bytes: 0, flows: 0 }
    this.correlator.reset()
    return this.currentTotals()
  }

  /** Stops background work (building, the search index), before the database is closed. */
  stop(): void {
    this.aside.stop()
    this.indexer?.stop()
  }

  currentTotals(): TraceTotals {
    return { exchanges: this.totals.count, bytes: this.totals.bytes, flows: this.totals.flows }
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
    this.totals.flows -= result.flows
    if (result.flows > 0) {
      this.correlator.pruned(this.store.minExchangeId() ?? this.nextExchangeId)
    }
  }
}
