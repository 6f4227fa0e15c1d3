import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { MigrationChecksumError, SchemaTooNewError } from './errors'
import { MIGRATIONS, type Migration } from './migrations'

interface AppliedMigration {
  version: number
  name: string
  checksum: string
}

export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex')
}

/**
 * Brings the schema up to date: verifies that every migration already applied is the one this
 * code knows (same checksum), then applies the missing ones in order, each in a transaction
 * that also records it. Returns the versions applied now.
 */
export function runMigrations(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  assertOrdered(migrations)
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  const applied = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as AppliedMigration[]
  const known = new Map(migrations.map((migration) => [migration.version, migration]))
  const latestKnown = migrations.at(-1)?.version ?? 0

  for (const row of applied) {
    const migration = known.get(row.version)
    if (!migration) throw new SchemaTooNewError(row.version, latestKnown)
    if (migrationChecksum(migration) !== row.checksum) {
      throw new MigrationChecksumError(row.version, migration.name)
    }
  }

  const appliedVersions = new Set(applied.map((row) => row.version))
  // applied_at is wall-clock bookkeeping for people, not emulated time, so SQLite supplies it.
  const record = db.prepare(
    `INSERT INTO schema_migrations (version, name, checksum, applied_at)
     VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  )
  const apply = db.transaction((migration: Migration) => {
    db.exec(migration.sql)
    record.run(migration.version, migration.name, migrationChecksum(migration))
  })
  const pending = migrations.filter((migration) => !appliedVersions.has(migration.version))
  for (const migration of pending) apply(migration)
  return pending.map((migration) => migration.version)
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}; expected ${i + 1} ` +
          '(versions start at 1 and go up by one)',
      )
    }
  })
}
