import type { Database, Statement } from 'better-sqlite3'

/** The two FTS5 tables of the text search (trace-database.ts, version 3). */
const TABLES = ['trace_search', 'trace_search_b'] as const
export type SearchTable = (typeof TABLES)[number]

export interface SearchIndexState {
  /** Every exchange up to this id is in the index (in one generation or the other). */
  through: number
  /** The older generation holds the exchanges up to this id; the current one those after. */
  olderThrough: number
  current: SearchTable
  older: SearchTable
}

/**
 * The text search's index, in two generations. New exchanges go into the current one; the
 * older one holds those indexed before it. An FTS5 index without content cannot delete an
 * entry cheaply (about a millisecond each, measured), so pruned exchanges stay in it, and
 * once a whole generation is pruned it is emptied in one step and becomes the current one.
 * No live exchange is ever indexed twice; the index holds at most about two generations.
 * (The single index this replaces was emptied and built again from the live exchanges once
 * it was mostly pruned ones: after a burst of JWT traffic, re-indexing what was kept cost
 * seconds of the writer's time.)
 */
export class SearchGenerations {
  private readonly s: Record<string, Statement>

  constructor(db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      state: p(
        'SELECT indexed_through AS through, older_through AS olderThrough, current_table AS current FROM trace_search_state WHERE id = 1',
      ),
      setThrough: p('UPDATE trace_search_state SET indexed_through = ? WHERE id = 1'),
      rotate: p(
        'UPDATE trace_search_state SET older_through = indexed_through, current_table = 1 - current_table WHERE id = 1',
      ),
      reset: p('UPDATE trace_search_state SET indexed_through = 0, older_through = 0 WHERE id = 1'),
      minLiveId: p('SELECT MIN(id) FROM trace_exchanges').pluck(),
    }
    for (const table of TABLES) {
      this.s[`insert:${table}`] = p(`INSERT INTO ${table} (rowid, text) VALUES (?, ?)`)
      this.s[`clear:${table}`] = p(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`)
    }
  }

  state(): SearchIndexState {
    const row = this.s.state!.get() as { through: number; olderThrough: number; current: number }
    const current = TABLES[row.current === 1 ? 1 : 0]
    const older = TABLES[row.current === 1 ? 0 : 1]
    return { through: row.through, olderThrough: row.olderThrough, current, older }
  }

  /** Adds an exchange's search text to the current generation. */
  insert(table: SearchTable, id: number, text: string): void {
    this.s[`insert:${table}`]!.run(id, text)
  }

  setThrough(id: number): void {
    this.s.setThrough!.run(id)
  }

  /**
   * When every exchange of the older generation is pruned, empties it and makes it the
   * current one (the current one becomes the older); returns whether it did. The caller
   * holds a transaction.
   */
  rotate(): boolean {
    const state = this.state()
    // Nothing indexed since the last rotation: there is no generation to close.
    if (state.through === state.olderThrough) return false
    const minLive = (this.s.minLiveId!.get() as number | null) ?? Infinity
    if (state.olderThrough >= minLive) return false
    this.s[`clear:${state.older}`]!.run()
    this.s.rotate!.run()
    return true
  }

  /** Empties both generations (the trace was cleared). */
  clear(): void {
    for (const table of TABLES) this.s[`clear:${table}`]!.run()
    this.s.reset!.run()
  }
}
