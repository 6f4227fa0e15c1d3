import type { Database } from 'better-sqlite3'
import { PendingBatches, type PendingBatch } from '../store/pending-batches'
import { packInParts, unpackBatch } from './batch-codec'
import { PauseWork, type PauseWorkOptions } from './pause-work'

/**
 * A batch of at least this many exchanges means load (at the recorder's 10 ms flush
 * interval, about 800 requests a second): it is set aside rather than built at once.
 */
export const SET_ASIDE_MIN_BATCH = 8

const PAUSE_DEFAULTS: PauseWorkOptions = { idleMs: 100, sliceMs: 25 }

/**
 * A batch is set aside in rows of at most about this many characters. A whole batch as one row
 * (130,000 characters for 10 ms of a REST load) made every append allocate afresh: the flat
 * copy of the text is too large for V8's young generation, and the row spills onto overflow
 * pages; each fresh page is a page fault, on a virtual machine the costliest part of the
 * append. A row this size stays on one of the trace's 16 KiB pages. Measured under a REST load
 * (alternating rounds): the writer's time during the load fell from 23–29 to 13–15 µs an
 * exchange, and building afterwards from 53–55 to 46–51 (rows are built a run at a time).
 */
const ROW_CHARS = 12 * 1024
/** Rows built together, in one transaction (a run of them is about one batch as it came). */
const RUN_ROWS = 16

/** A batch set aside, taken to be built. */
export interface SetAsideBatch {
  /** Its encoded exchanges, in order. */
  batch: string[]
  /** Runs `write` (its rows) and deletes the batch, in one transaction. */
  commit(write: () => void): void
  /** Deletes the batch without rows (none of it could be recorded). */
  discard(): void
}

/** Builds a batch set aside: `commit` with its rows, or `discard`. */
export type BuildBatch = (taken: SetAsideBatch) => void

export interface SetAsideOptions {
  /** Past this many characters set aside, the oldest are built as new ones come in. */
  maxChars: number
  /** When to build in the pauses; false: only when asked (tests). */
  pause?: Partial<PauseWorkOptions> | false
  /** Builds in the pauses (nobody hears of what it builds: nobody was listening). */
  buildInPause: BuildBatch
  /** Told of what could not be built (never request data). */
  onWarning(message: string): void
}

/**
 * The batches the writer sets aside under load. Building an exchange's row, its flow and its
 * step texts costs the writer 40–120 µs; on a machine whose cores the requests already keep
 * busy, that is throughput lost while the load lasts. So under load a batch is only appended,
 * as one row (about 30 µs an exchange, measured), and built in the next pause, oldest first,
 * as the search index is. Whoever reads the trace asks for a flush first (Recorder.flush),
 * and a flush that is not the recorder's own timer builds everything set aside before it:
 * readers wait, and never see the trace behind. Nothing is set aside while someone listens
 * for events (they would come late). A crash loses nothing more than before: a batch set
 * aside is committed, and is deleted in the transaction that writes its rows. A large batch
 * goes aside as several rows (`ROW_CHARS`), each counted here as a batch of its own; they are
 * built a run at a time.
 */
export class SetAsideBatches {
  private readonly pending: PendingBatches
  private batches: number
  private exchanges: number
  private chars: number
  private readonly work: PauseWork | null

  constructor(
    db: Database,
    private readonly options: SetAsideOptions,
  ) {
    this.pending = new PendingBatches(db)
    ;({
      batches: this.batches,
      exchanges: this.exchanges,
      chars: this.chars,
    } = this.pending.totals())
    this.work =
      options.pause === false
        ? null
        : new PauseWork(
            (more) => this.buildWhile(more, options.buildInPause),
            { ...PAUSE_DEFAULTS, ...options.pause },
            (error) => options.onWarning(`recorded exchanges could not be built: ${error.message}`),
          )
    // What a crash left set aside is built at the first pause.
    if (this.batches > 0) this.work?.wrote()
  }

  /** Exchanges set aside and not built yet. */
  count(): number {
    return this.exchanges
  }

  /** Whether a batch of `size` goes aside: under load, or behind others set aside (order). */
  wants(size: number): boolean {
    return size > 0 && (size >= SET_ASIDE_MIN_BATCH || this.batches > 0)
  }

  /** Sets a batch aside. Throws when it could not be appended (the caller builds it at once). */
  add(batch: readonly string[]): void {
    const rows = packInParts(batch, ROW_CHARS)
    this.pending.appendAll(rows)
    for (const row of rows) {
      this.batches += 1
      this.exchanges += row.exchanges
      this.chars += row.packed.length
    }
    this.work?.wrote()
  }

  /**
   * Past `maxChars`, builds the oldest with `build` until under it again: under a load that
   * never pauses, a batch is built for each one set aside from then on.
   */
  keepWithinLimit(build: BuildBatch): void {
    while (
      this.chars > this.options.maxChars &&
      this.buildOldest(build, this.chars - this.options.maxChars)
    ) {
      // buildOldest does the work.
    }
  }

  /** Builds the oldest batches while `more()` says so; true once none is left. */
  buildWhile(more: () => boolean, build: BuildBatch): boolean {
    while (this.batches > 0) {
      if (!this.buildOldest(build)) break
      if (!more()) break
    }
    return this.batches === 0
  }

  /** Forgets everything set aside (the trace is cleared). */
  clear(): void {
    this.pending.clear()
    this.batches = 0
    this.exchanges = 0
    this.chars = 0
  }

  stop(): void {
    this.work?.stop()
  }

  private discard(lastId: number): void {
    try {
      this.pending.removeThrough(lastId)
    } catch (error) {
      // They stay, and are tried again when the writer next starts.
      this.options.onWarning(`batches set aside could not be deleted: ${(error as Error).message}`)
    }
  }

  /**
   * Builds the oldest rows set aside, a run of them at once — or, given `chars`, only as many
   * as hold that many characters; false when there was none.
   */
  private buildOldest(build: BuildBatch, chars = Infinity): boolean {
    const run: PendingBatch[] = []
    let takenChars = 0
    for (const row of this.pending.oldestFirst()) {
      run.push(row)
      takenChars += row.batch.length
      if (run.length === RUN_ROWS || takenChars >= chars) break
    }
    if (run.length === 0) {
      this.batches = 0
      this.exchanges = 0
      this.chars = 0
      return false
    }
    const batch: string[] = []
    for (const row of run) {
      this.batches -= 1
      this.exchanges -= row.exchanges
      this.chars -= row.batch.length
      try {
        batch.push(...unpackBatch(row.batch))
      } catch (error) {
        // The others of the run go on; this one goes with them when they are written.
        this.options.onWarning(
          `${row.exchanges} exchange(s) set aside could not be recorded: ${(error as Error).message}`,
        )
      }
    }
    const lastId = run[run.length - 1]!.id
    if (batch.length === 0) {
      this.discard(lastId)
      return true
    }
    build({
      batch,
      commit: (write) => this.pending.consumeThrough(lastId, write),
      discard: () => this.discard(lastId),
    })
    return true
  }
}
