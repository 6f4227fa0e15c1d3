import type { Database } from 'better-sqlite3'
import { openDatabase, restrictSidecars } from './database'
import { runMigrations } from './migrate'
import { createWorkspaceStore, type WorkspaceStore } from './workspace-store'

export { openDatabase } from './database'
export { MigrationChecksumError, SchemaTooNewError, StoreOpenError } from './errors'
export { migrationChecksum, runMigrations } from './migrate'
export { MIGRATIONS, type Migration } from './migrations'
export type {
  StoredRecord,
  StoredSObject,
  WorkspaceCounts,
  WorkspaceStore,
} from './workspace-store'

/**
 * The engine's database. The engine is its one writer; `db` is exposed for the other modules
 * of core/store (the OAuth and trace stores), never for SQL outside core/store.
 */
export interface Store {
  readonly file: string
  readonly db: Database
  readonly workspace: WorkspaceStore
  /** Runs PRAGMA optimize, then closes. Safe to call twice. */
  close(): void
}

/** Opens the database (creating it, owner-readable only) and brings its schema up to date. */
export function openStore(file: string): Store {
  const db = openDatabase(file)
  try {
    runMigrations(db)
  } catch (error) {
    db.close()
    throw error
  }
  if (file !== ':memory:') restrictSidecars(file)
  return { file, db, workspace: createWorkspaceStore(db), close: () => closeDatabase(db) }
}

export function closeStore(store: Store): void {
  store.close()
}

function closeDatabase(db: Database): void {
  if (!db.open) return
  try {
    // Lets SQLite refresh its query planner statistics, as its documentation advises on close.
    db.pragma('optimize')
  } finally {
    db.close()
  }
}
