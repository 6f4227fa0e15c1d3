import Database from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { StoreOpenError } from './errors'

export type { Database } from 'better-sqlite3'

const IN_MEMORY = ':memory:'
const OWNER_ONLY = 0o600
// Error codes SQLite uses for a file that is not, or is no longer, a usable database.
const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT'])

/**
 * Opens (creating if needed) the SQLite database. The file holds test credentials and every
 * recorded token, so it is created readable by its owner only, before SQLite touches it.
 * Throws StoreOpenError when the file is not a sound SQLite database.
 */
export function openDatabase(file: string, options: { pageSize?: number } = {}): Database.Database {
  if (file !== IN_MEMORY) createOwnerOnly(file)
  let db: Database.Database | undefined
  try {
    db = new Database(file, { timeout: 5000 })
    // Only takes effect on a new, empty file (before WAL mode is set).
    if (options.pageSize) db.pragma(`page_size = ${options.pageSize}`)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    const problems = quickCheckProblems(db)
    if (problems.length > 0) {
      const more = problems.length > 1 ? ` and ${problems.length - 1} more problems` : ''
      throw new StoreOpenError(file, `integrity check failed: ${problems[0]}${more}`)
    }
  } catch (error) {
    db?.close()
    if (error instanceof StoreOpenError) throw error
    if (isSqliteError(error) && DAMAGED_CODES.has(error.code)) {
      throw new StoreOpenError(file, error.message, { cause: error })
    }
    throw error
  }
  if (file !== IN_MEMORY) restrictSidecars(file)
  return db
}

/** The problems PRAGMA quick_check reports, one per line; empty when the file is sound. */
function quickCheckProblems(db: Database.Database): string[] {
  const rows = db.pragma('quick_check(20)') as Array<{ quick_check: string }>
  return rows
    .flatMap((row) => row.quick_check.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== 'ok' && line !== '' && !line.startsWith('***'))
}

function createOwnerOnly(file: string): void {
  if (existsSync(file)) {
    tighten(file)
    return
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  try {
    closeSync(openSync(file, 'wx', OWNER_ONLY))
  } catch (error) {
    // Another process may have created it between the check and the open; that is fine.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/**
 * SQLite gives the -wal and -shm files the main file's permissions, but a database created
 * by something else may predate that, so tighten them explicitly.
 */
export function restrictSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) tighten(file + suffix)
  }
}

function tighten(path: string): void {
  try {
    chmodSync(path, OWNER_ONLY)
  } catch (error) {
    // A file owned by someone else cannot be changed; SQLite will still say if it is unusable.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error
  }
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof Database.SqliteError
}
