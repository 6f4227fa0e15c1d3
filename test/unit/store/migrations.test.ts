import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  MIGRATIONS,
  MigrationChecksumError,
  openStore,
  runMigrations,
  SchemaTooNewError,
  type Migration,
} from '../../../src/core/store'
import { useTempDir } from './temp-dir'

interface MigrationRow {
  version: number
  name: string
  checksum: string
  applied_at: string
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('migrations', () => {
  const tempDir = useTempDir()

  it('are numbered 1, 2, 3… with migration 1 the workspace', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      MIGRATIONS.map((_, i) => i + 1),
    )
    expect(MIGRATIONS[0]!.name).toBe('workspace')
  })

  it('are recorded with a sha256 checksum of their sql and a timestamp', () => {
    const store = openStore(':memory:')
    const rows = store.db
      .prepare('SELECT * FROM schema_migrations ORDER BY version')
      .all() as MigrationRow[]
    expect(rows.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual(
      MIGRATIONS.map((migration) => ({
        version: migration.version,
        name: migration.name,
        checksum: sha256(migration.sql),
      })),
    )
    for (const row of rows)
      expect(row.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    store.close()
  })

  it('apply once: reopening applies nothing', () => {
    const file = join(tempDir(), 'gatehouse.db')
    openStore(file).close()
    const db = new Database(file)
    expect(runMigrations(db)).toEqual([])
    db.close()
  })

  it('refuse a database whose applied migration was edited', () => {
    const file = join(tempDir(), 'gatehouse.db')
    const store = openStore(file)
    store.db
      .prepare('UPDATE schema_migrations SET checksum = ? WHERE version = 1')
      .run(sha256('other'))
    store.close()
    expect(() => openStore(file)).toThrow(MigrationChecksumError)
    expect(() => openStore(file)).toThrow('migration 1 (workspace) was edited after it was applied')
  })

  it('refuse code whose migration sql differs from what was applied', () => {
    const db = new Database(':memory:')
    runMigrations(db)
    const edited = MIGRATIONS.map((migration, i) =>
      i === 0 ? { ...migration, sql: migration.sql + '\nCREATE TABLE extra (x);' } : migration,
    )
    expect(() => runMigrations(db, edited)).toThrow(
      new MigrationChecksumError(1, 'workspace').message,
    )
    db.close()
  })

  it('refuse a database written by a newer Gatehouse', () => {
    const file = join(tempDir(), 'gatehouse.db')
    const store = openStore(file)
    const next = MIGRATIONS.length + 1
    store.db
      .prepare(
        "INSERT INTO schema_migrations VALUES (?, 'future', 'x', '2099-01-01T00:00:00.000Z')",
      )
      .run(next)
    store.close()
    expect(() => openStore(file)).toThrow(SchemaTooNewError)
    expect(() => openStore(file)).toThrow(
      `The database schema is at version ${next}, but this Gatehouse only knows versions up to ${MIGRATIONS.length}`,
    )
  })

  it('apply only the missing ones, in order, when the code gains a migration', () => {
    const db = new Database(':memory:')
    runMigrations(db, MIGRATIONS.slice(0, 1))
    const third: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'extra',
      sql: 'CREATE TABLE extra (x)',
    }
    const applied = runMigrations(db, [...MIGRATIONS, third])
    expect(applied).toEqual(
      MIGRATIONS.slice(1)
        .map((m) => m.version)
        .concat(third.version),
    )
    db.close()
  })

  it('roll a failing migration back entirely, recording nothing', () => {
    const db = new Database(':memory:')
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x); THIS IS NOT SQL',
    }
    expect(() => runMigrations(db, [...MIGRATIONS, broken])).toThrow()
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").all()
    expect(tables).toEqual([])
    const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all()
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version))
    db.close()
  })

  it('must be numbered without gaps', () => {
    const db = new Database(':memory:')
    expect(() => runMigrations(db, [{ version: 2, name: 'skips', sql: '' }])).toThrow(
      'migration "skips" has version 2; expected 1',
    )
    db.close()
  })
})
