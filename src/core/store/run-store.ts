import type { Database, Statement } from 'better-sqlite3'

/** A stored run: its id, times and the run document (JSON, see shared/runner-api.ts). */
export interface RunRow {
  id: number
  created_at: number
  updated_at: number
  data: string
}

export interface RunStore {
  /** Inserts a run document; returns its new id. */
  insert(data: (id: number) => string, now: number): number
  update(id: number, data: string, now: number): void
  get(id: number): RunRow | undefined
  /** Newest first. */
  list(limit: number): RunRow[]
  remove(id: number): boolean
}

export function createRunStore(db: Database): RunStore {
  const insert: Statement = db.prepare(
    "INSERT INTO runs (created_at, updated_at, data) VALUES (?, ?, '{}')",
  )
  const update: Statement = db.prepare('UPDATE runs SET data = ?, updated_at = ? WHERE id = ?')
  const get: Statement<[number], RunRow> = db.prepare(
    'SELECT id, created_at, updated_at, data FROM runs WHERE id = ?',
  )
  const list: Statement<[number], RunRow> = db.prepare(
    'SELECT id, created_at, updated_at, data FROM runs ORDER BY id DESC LIMIT ?',
  )
  const remove: Statement = db.prepare('DELETE FROM runs WHERE id = ?')
  // The document names its own id, so the row is inserted first and filled in the same
  // transaction: nobody ever reads a run without its document.
  const insertTx = db.transaction((data: (id: number) => string, now: number) => {
    const id = Number(insert.run(now, now).lastInsertRowid)
    update.run(data(id), now, id)
    return id
  })
  return {
    insert: (data, now) => insertTx.immediate(data, now),
    update: (id, data, now) => {
      update.run(data, now, id)
    },
    get: (id) => get.get(id),
    list: (limit) => list.all(limit),
    remove: (id) => remove.run(id).changes > 0,
  }
}
