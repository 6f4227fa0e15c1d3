import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, openStore, StoreOpenError } from '../../../src/core/store'
import { useTempDir } from './temp-dir'

const modeOf = (file: string) => statSync(file).mode & 0o777

describe('openDatabase', () => {
  const tempDir = useTempDir()

  it('creates the file readable by its owner only, with its WAL files', () => {
    const file = join(tempDir(), 'nested', 'gatehouse.db')
    const store = openStore(file)
    try {
      store.db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      expect(modeOf(file)).toBe(0o600)
      for (const sidecar of [`${file}-wal`, `${file}-shm`]) {
        if (existsSync(sidecar)) expect(modeOf(sidecar)).toBe(0o600)
      }
    } finally {
      store.close()
    }
  })

  it('tightens an existing file that others could read', () => {
    const file = join(tempDir(), 'gatehouse.db')
    openStore(file).close()
    chmodSync(file, 0o644)
    openStore(file).close()
    expect(modeOf(file)).toBe(0o600)
  })

  it('sets the pragmas the engine relies on', () => {
    const db = openDatabase(join(tempDir(), 'gatehouse.db'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    } finally {
      db.close()
    }
  })

  it('works in memory', () => {
    const store = openStore(':memory:')
    expect(store.workspace.isEmpty()).toBe(true)
    store.close()
    store.close() // closing twice is harmless
  })

  it('refuses a damaged file with a message that says what to do', () => {
    const file = join(tempDir(), 'gatehouse.db')
    writeFileSync(file, Buffer.alloc(8192, 0x5a))
    let caught: unknown
    try {
      openStore(file)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(StoreOpenError)
    expect((caught as Error).message).toBe(
      `The Gatehouse database at ${file} is damaged (file is not a database). ` +
        'Move it aside or start with --reset.',
    )
  })

  it('refuses a database whose pages are corrupt', () => {
    const file = join(tempDir(), 'gatehouse.db')
    const store = openStore(file)
    store.db.exec(`CREATE TABLE filler (x);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
      INSERT INTO filler SELECT randomblob(500) FROM n`)
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    store.close()
    // Keep the header (first page) intact and scribble over the pages after it.
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(16384, 0xa5), 0, 16384, 4096)
    closeSync(fd)
    expect(() => openStore(file)).toThrow(
      /^The Gatehouse database at .+ is damaged \([^\n]+\)\. Move it aside or start with --reset\.$/,
    )
  })
})
