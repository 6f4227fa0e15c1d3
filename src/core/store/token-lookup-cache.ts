import type { Database, Statement } from 'better-sqlite3'

/**
 * Remembers access-token lookups — the token's row and its grant's revocation — which every
 * API call makes: measured under a REST load, the SQLite lookup (two b-trees per table, the
 * read transaction's locks, the row object) was about a sixth of the request thread.
 *
 * A remembered row is used only while nothing can have changed it:
 *  - changes made through this connection, by any store (revocations, session-timeout
 *    extensions, resets), are counted by temporary triggers on `access_tokens` and `grants`;
 *  - changes committed by another connection (another Gatehouse process or a CLI command on
 *    the same data folder) move SQLite's `data_version`, read at the first lookup of each
 *    turn of the event loop: reading it takes the read transaction's file locks, which cost
 *    about as much as the lookup itself. Another process's revocation is therefore seen
 *    from the next turn on — the requests of one turn are answered as of its start.
 * Either forgets everything remembered. New rows need no trigger: only found rows are kept,
 * and a token that was not found is looked up again next time.
 */
export class TokenLookupCache<Row extends object> {
  private readonly rows = new Map<string, Readonly<Row>>()
  private readonly watch: TableWatch | null
  private readonly dataVersion: Statement | null
  private seenChanges = -1
  private seenVersion = -1
  private versionReadThisTurn = false

  constructor(
    db: Database,
    private readonly lookup: (key: string) => Row | undefined,
    private readonly capacity = 2048,
  ) {
    this.watch = watchTokenTables(db)
    this.dataVersion = this.watch ? db.prepare('PRAGMA data_version').pluck() : null
  }

  get(key: string): Readonly<Row> | undefined {
    if (!this.watch || !this.dataVersion) return this.lookup(key)
    if (!this.versionReadThisTurn) {
      this.versionReadThisTurn = true
      setImmediate(() => (this.versionReadThisTurn = false))
      const version = this.dataVersion.get() as number
      if (version !== this.seenVersion) this.forget(version)
    }
    if (this.watch.changes !== this.seenChanges) this.forget(this.seenVersion)
    const kept = this.rows.get(key)
    if (kept) return kept
    const row = this.lookup(key)
    if (row) {
      // Oldest first out: a Map iterates in insertion order.
      if (this.rows.size >= this.capacity) this.rows.delete(this.rows.keys().next().value!)
      this.rows.set(key, Object.freeze(row))
    }
    return row
  }

  private forget(version: number): void {
    this.rows.clear()
    this.seenVersion = version
    this.seenChanges = this.watch!.changes
  }
}

interface TableWatch {
  changes: number
}

const WATCHED_TABLES = ['access_tokens', 'grants'] as const
const CHANGED_FUNCTION = 'gatehouse_token_rows_changed'
// One watch per connection: every store on it shares the count (registering the SQL function
// again would silence the earlier stores' triggers).
const watches = new WeakMap<Database, TableWatch | null>()

function watchTokenTables(db: Database): TableWatch | null {
  if (watches.has(db)) return watches.get(db)!
  let watch: TableWatch | null = { changes: 0 }
  try {
    const counted = watch
    db.function(CHANGED_FUNCTION, { deterministic: false }, () => {
      counted.changes += 1
      return null
    })
    for (const table of WATCHED_TABLES) {
      for (const event of ['UPDATE', 'DELETE']) {
        db.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS gatehouse_watch_${table}_${event.toLowerCase()} ` +
            `AFTER ${event} ON main.${table} BEGIN SELECT ${CHANGED_FUNCTION}(); END`,
        )
      }
    }
  } catch {
    // A connection that cannot hold temporary triggers (read-only, no such tables) looks
    // every token up, as before.
    watch = null
  }
  watches.set(db, watch)
  return watch
}
