import type { Database } from 'better-sqlite3'
import { openDatabase, restrictSidecars } from './database'
import { runMigrations } from './migrate'
import { migration004 } from './migrations/004-trace'
import type { Migration } from './migrations'

/**
 * The flow trace's schema, in its own file. Version 1 is the schema the trace had in the
 * main database (migration 004), unchanged.
 */
export const TRACE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'trace', sql: migration004.sql },
]

/**
 * An exchange row is about 4 KB (headers, bodies, steps): with SQLite's default 4 KiB pages
 * each takes a page of its own, or spills into an overflow page. 16 KiB pages hold several,
 * so a batch writes (and checkpoints) far fewer pages.
 */
const TRACE_PAGE_SIZE = 16_384

/**
 * Opens (creating if needed) the trace database: owner-only, WAL, checked, migrated. Its one
 * writer is the recorder's writer; the engine reads it through a connection of its own.
 */
export function openTraceDatabase(file: string): Database {
  const db = openDatabase(file, { pageSize: TRACE_PAGE_SIZE })
  try {
    runMigrations(db, TRACE_MIGRATIONS)
  } catch (error) {
    db.close()
    throw error
  }
  if (file !== ':memory:') restrictSidecars(file)
  return db
}
