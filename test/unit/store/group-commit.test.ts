import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/core/store'
import { GroupCommit } from '../../../src/core/store/group-commit'
import { useTempDir } from './temp-dir'

describe('GroupCommit', () => {
  const tempDir = useTempDir()
  let close: (() => void) | undefined
  afterEach(() => close?.())

  function setup() {
    const db = openDatabase(join(tempDir(), 'g.db'))
    close = () => db.close()
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)')
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)')
    const count = db.prepare('SELECT COUNT(*) FROM t').pluck()
    return { db, commits: new GroupCommit(db), insert, count }
  }

  it('writes the work of one turn of the event loop in one commit, and resolves after it', async () => {
    const { db, commits, insert, count } = setup()
    db.pragma('wal_autocheckpoint = 0')
    const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log
    db.pragma('wal_checkpoint(TRUNCATE)')
    const together = Promise.all(
      ['a', 'b', 'c'].map((k, i) => commits.run(() => insert.run(k, i).changes)),
    )
    // Nothing is written before the turn ends: a caller cannot hand out an unstored token.
    expect(count.get()).toBe(0)
    await expect(together).resolves.toEqual([1, 1, 1])
    expect(count.get()).toBe(3)
    const framesTogether = walFrames()

    db.pragma('wal_checkpoint(TRUNCATE)')
    for (const k of ['d', 'e', 'f']) await commits.run(() => insert.run(k, 0))
    // One commit appends the changed page once; three commits append it three times.
    expect(walFrames()).toBe(framesTogether * 3)
  })

  it('fails only the piece that threw; the others of its batch are committed', async () => {
    const { commits, insert, count } = setup()
    insert.run('taken', 0)
    const good = commits.run(() => insert.run('fresh', 1))
    const bad = commits.run(() => {
      insert.run('half-written', 2)
      insert.run('taken', 3) // primary key violation: this piece rolls back entirely
    })
    const alsoGood = commits.run(() => insert.run('later', 4))
    await expect(bad).rejects.toThrow(/UNIQUE constraint failed: t\.k/)
    await expect(good).resolves.toMatchObject({ changes: 1 })
    await expect(alsoGood).resolves.toMatchObject({ changes: 1 })
    expect(count.get()).toBe(3) // taken, fresh, later: nothing of the piece that threw
  })

  it('writes what is pending when flushed (before the database closes)', async () => {
    const { db, commits, insert, count } = setup()
    const pending = commits.run(() => insert.run('k', 1))
    commits.flush()
    expect(count.get()).toBe(1)
    db.close()
    await expect(pending).resolves.toMatchObject({ changes: 1 })
    await expect(commits.run(() => 1)).rejects.toThrow(/database is closed/)
  })
})
