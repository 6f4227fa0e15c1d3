import type { Database } from 'better-sqlite3'
import { PendingBatches } from '../store/pending-batches'
import { packBatch, unpackBatch } from './batch-codec'
import { PauseWork, type PauseWorkOptions } from './pause-work'

/**
 * A batch of at least this many exchanges means load (at the recorder's 10 ms flush
 * interval, about 800 requests a second): it is set aside rather than built at once.
 */
export const SET_ASIDE_MIN_BATCH = 8

const PAUSE_DEFAULTS: PauseWorkOptions = { idleMs: 100, sliceMs: 25 }

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
 * aside is committed, and is deleted in the transaction that writes its rows.
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
    const packed = packBatch(batch)
    this.pending.append(batch.length, packed)
    this.batches += 1
    this.exchanges += batch.length
    this.chars += packed.length
    this.work?.wrote()
  }

  /**
   * Past `maxChars`, builds the oldest with `build` until under it again: under a load that
   * never pauses, a batch is built for each one set aside from then on.
   */
  keepWithinLimit(build: BuildBatch): void {
    while (this.chars > this.options.maxChars && this.buildOldest(build)) {
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

  private discard(id: number): void {
    try {
      this.pending.remove(id)
    } catch (error) {
      // It stays, and is tried again when the writer next starts.
      this.options.onWarning(`a batch set aside could not be deleted: ${(error as Error).message}`)
    }
  }

  /** Builds the oldest batch; false when there was none. */
  private buildOldest(build: BuildBatch): boolean {
    const oldest = this.pending.oldest()
    if (!oldest) {
      this.batches = 0
      this.exchanges = 0
      this.chars = 0
      return false
    }
    this.batches -= 1
    this.exchanges -= oldest.exchanges
    this.chars -= oldest.batch.length
    let batch: string[]
    try {
      batch = unpackBatch(oldest.batch)
    } catch (error) {
      this.discard(oldest.id)
      this.options.onWarning(
        `${oldest.exchanges} exchange(s) set aside could not be recorded: ${(error as Error).message}`,
      )
      return true
    }
    const { id } = oldest
    build({
      batch,
      commit: (write) => this.pending.consume(id, write),
      discard: () => this.discard(id),
    })
    return true
  }
}
