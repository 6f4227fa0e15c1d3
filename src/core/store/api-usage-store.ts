import type { Database, Statement } from 'better-sqlite3'

/**
 * API request counts per app in fixed time buckets (migration 003). The limits policy keeps
 * the live counts in memory and writes the increments here in batches, so counting a request
 * costs no SQLite write on the request path.
 */
export interface ApiUsageRow {
  app_key: string
  /** Start of the bucket, virtual-clock ms. */
  bucket: number
  count: number
}

export interface ApiUsageStore {
  /** Buckets starting at or after `since`. */
  since(since: number): ApiUsageRow[]
  /** Adds the given increments to their buckets, in one transaction. */
  add(rows: readonly ApiUsageRow[]): void
  /** Forgets buckets that started before `before`. */
  prune(before: number): void
}

export function createApiUsageStore(db: Database): ApiUsageStore {
  const since: Statement<[number], ApiUsageRow> = db.prepare(
    'SELECT app_key, bucket, count FROM api_usage WHERE bucket >= ? ORDER BY bucket',
  )
  const addOne: Statement = db.prepare(
    `INSERT INTO api_usage (app_key, bucket, count) VALUES (@app_key, @bucket, @count)
     ON CONFLICT (app_key, bucket) DO UPDATE SET count = count + excluded.count`,
  )
  const prune: Statement = db.prepare('DELETE FROM api_usage WHERE bucket < ?')
  const add = db.transaction((rows: readonly ApiUsageRow[]) => {
    for (const row of rows) addOne.run(row)
  })
  return {
    since: (from) => since.all(from),
    add: (rows) => {
      if (rows.length) add.immediate(rows)
    },
    prune: (before) => {
      prune.run(before)
    },
  }
}
