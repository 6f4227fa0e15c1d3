import type { Database } from 'better-sqlite3'

interface PendingWork {
  work: () => unknown
  resolve(value: unknown): void
  reject(error: unknown): void
}

/**
 * Group commit for writes a request must see committed before it answers (issued tokens).
 * Each commit of SQLite costs far more than the rows it writes (WAL frames for every page
 * it touched, and now and then a checkpoint with two fsyncs), so the work of every request
 * that arrives in the same turn of the event loop is written in one transaction. When a
 * piece throws, that transaction is rolled back and every piece is run again in its own
 * transaction, so only the one that threw fails. Pieces must therefore only write to
 * SQLite (safe to run again after a rollback). Callers get their result only after the
 * commit, so a token is never handed out before it is stored.
 */
export class GroupCommit {
  private pending: PendingWork[] = []
  private scheduled: NodeJS.Immediate | null = null
  private readonly writeAll: (batch: PendingWork[]) => unknown[]
  private readonly writeOne: (work: () => unknown) => unknown

  constructor(private readonly db: Database) {
    this.writeAll = db.transaction((batch: PendingWork[]) => batch.map((item) => item.work()))
    this.writeOne = db.transaction((work: () => unknown) => work())
  }

  /** Runs `work` (synchronous SQLite writes) in the next group commit; resolves after it. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject })
      this.scheduled ??= setImmediate(() => this.flush())
    })
  }

  /** Writes everything pending now (also called before the database closes). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    let results: unknown[]
    try {
      if (!this.db.open) throw new Error('the database is closed')
      results = this.writeAll(batch)
    } catch {
      // Rolled back: find out which piece failed by writing each one on its own.
      for (const item of batch) this.writeAlone(item)
      return
    }
    batch.forEach((item, i) => item.resolve(results[i]))
  }

  private writeAlone(item: PendingWork): void {
    try {
      if (!this.db.open) throw new Error('the database is closed')
      item.resolve(this.writeOne(item.work))
    } catch (error) {
      item.reject(error)
    }
  }
}
