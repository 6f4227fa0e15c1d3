import type { Database, Statement } from 'better-sqlite3'

/** A batch set aside: its encoded exchanges, packed into one text (batch-codec.ts). */
export interface PendingBatch {
  id: number
  exchanges: number
  batch: string
}

/** What is set aside, in exchanges and characters. */
export interface PendingTotals {
  batches: number
  exchanges: number
  chars: number
}

/**
 * The batches the recorder's writer sets aside under load (trace_pending): appended as they
 * come, taken oldest first, each deleted in the transaction that writes its rows.
 */
export class PendingBatches {
  private readonly s: Record<
    'append' | 'oldestFirst' | 'removeThrough' | 'clear' | 'totals' | 'any',
    Statement
  >

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      append: p('INSERT INTO trace_pending (exchanges, batch) VALUES (?, ?)'),
      oldestFirst: p('SELECT id, exchanges, batch FROM trace_pending ORDER BY id'),
      removeThrough: p('DELETE FROM trace_pending WHERE id <= ?'),
      clear: p('DELETE FROM trace_pending'),
      totals: p(
        'SELECT COUNT(*) AS batches, COALESCE(SUM(exchanges), 0) AS exchanges, ' +
          'COALESCE(SUM(LENGTH(batch)), 0) AS chars FROM trace_pending',
      ),
      any: p('SELECT EXISTS (SELECT 1 FROM trace_pending)').pluck(),
    }
  }

  /** Sets a packed batch aside (its own transaction: committed when this returns). */
  append(exchanges: number, packed: string): void {
    this.s.append.run(exchanges, packed)
  }

  /** Sets packed batches aside, in order, in one transaction. */
  appendAll(batches: ReadonlyArray<{ exchanges: number; packed: string }>): void {
    this.db.transaction(() => {
      for (const { exchanges, packed } of batches) this.s.append.run(exchanges, packed)
    })()
  }

  /**
   * The batches, oldest first, read as they are asked for: leaving the loop early reads no
   * more (and must happen before anything is written).
   */
  oldestFirst(): IterableIterator<PendingBatch> {
    return this.s.oldestFirst.iterate() as IterableIterator<PendingBatch>
  }

  /**
   * Runs `write` and deletes every batch up to `lastId` (the oldest ones, taken together), in
   * one transaction: rows and removal commit together.
   */
  consumeThrough(lastId: number, write: () => void): void {
    this.db.transaction(() => {
      write()
      this.s.removeThrough.run(lastId)
    })()
  }

  /** Deletes the batches up to `lastId` whose rows could not be written (they would fail again). */
  removeThrough(lastId: number): void {
    this.s.removeThrough.run(lastId)
  }

  clear(): void {
    this.s.clear.run()
  }

  /** Whether anything is set aside (without reading it). */
  any(): boolean {
    return this.s.any.get() === 1
  }

  /** Read once, as the writer starts; the writer keeps the count from there. */
  totals(): PendingTotals {
    return this.s.totals.get() as PendingTotals
  }
}
