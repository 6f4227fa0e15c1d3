import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/core/store'
import { Checkpointer } from '../../../src/core/store/checkpointer'
import { THREAD_NAMES } from '../../../src/core/thread-name'
import { useTempDir } from './temp-dir'

const PAGE = 4096
const tick = () => new Promise((resolve) => setTimeout(resolve, 2))

describe('Checkpointer', () => {
  const tempDir = useTempDir()
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  function setup() {
    const file = join(tempDir(), 'c.db')
    const db = openDatabase(file)
    cleanups.push(() => void db.close())
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)')
    const insertMany = db.transaction((from: number, n: number) => {
      const insert = db.prepare('INSERT INTO t (id, payload) VALUES (?, ?)')
      for (let i = from; i < from + n; i++) insert.run(i, 'x'.repeat(3000))
    })
    return { file, db, insertMany }
  }

  it('copies the WAL into the database on its own thread', async () => {
    const { file, db, insertMany } = setup()
    // So large a restart mark that the writer never checkpoints during this test.
    const checkpointer = Checkpointer.start(db, file, { intervalMs: 5, restartFrames: 100_000 })!
    cleanups.push(() => checkpointer.stop())
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(800_000)
    const emptySize = statSync(file).size
    insertMany(0, 500) // about 1.5 MB, in the WAL only
    expect(statSync(file).size).toBe(emptySize)
    await expect.poll(() => statSync(file).size, { timeout: 5000 }).toBeGreaterThan(1_400_000)
    expect(checkpointer.running).toBe(true)
    if (process.platform === 'linux') {
      // Its thread carries its name, for top -H, perf and the bench.
      const names = readdirSync('/proc/self/task').map((tid) =>
        readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
      )
      expect(names).toContain(THREAD_NAMES.checkpointer)
    } else console.log('[checkpointer] not Linux: thread names not checked')
  })

  it('keeps the WAL bounded under sustained writes, and hands checkpoints back when stopped', async () => {
    const { file, db, insertMany } = setup()
    const restartFrames = 64
    const checkpointer = Checkpointer.start(db, file, { intervalMs: 5, restartFrames })!
    cleanups.push(() => checkpointer.stop())
    const fallbackFrames = db.pragma('wal_autocheckpoint', { simple: true }) as number
    expect(fallbackFrames).toBe(restartFrames * 8)

    // About 6 MB of rows in small commits, with the event loop free in between (a server).
    let largestWal = 0
    for (let batch = 0; batch < 200; batch++) {
      insertMany(batch * 10, 10)
      await tick()
      largestWal = Math.max(largestWal, statSync(`${file}-wal`).size)
    }
    // The worker saw the WAL grow and the writer started it over between two commits (a
    // starved worker thread may report late: keep writing a little until it has) …
    let next = 2000
    await expect
      .poll(
        async () => {
          if (checkpointer.restarts === 0) {
            insertMany(next, 10)
            next += 10
            await tick()
          }
          return checkpointer.restarts
        },
        { timeout: 10_000, interval: 20 },
      )
      .toBeGreaterThan(0)
    // … so it stayed bounded (by the restart mark on a quiet machine; a starved worker thread
    // still leaves the writer's last-resort checkpoint as the bound).
    expect(largestWal / (PAGE + 24)).toBeLessThan(fallbackFrames * 1.5)

    await checkpointer.stop()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(next)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('lets its worker go while nothing is written, and starts it again at the next write', async () => {
    const { file, db, insertMany } = setup()
    const checkpointer = Checkpointer.start(db, file, {
      intervalMs: 5,
      restartFrames: 100_000,
      idleStopMs: 150,
      watchMs: 20,
    })!
    cleanups.push(() => checkpointer.stop())
    expect(checkpointer.awake).toBe(true)
    insertMany(0, 100)
    await expect.poll(() => statSync(file).size, { timeout: 5000 }).toBeGreaterThan(300_000)
    // Nothing more to copy, nothing written: the worker (a thread and a V8 heap) goes.
    await expect.poll(() => checkpointer.awake, { timeout: 5000 }).toBe(false)
    expect(checkpointer.running).toBe(true)

    // Asleep, the WAL only grows; the next look at the change count wakes the worker, which
    // copies what was written meanwhile.
    const sizeAsleep = statSync(file).size
    insertMany(100, 200)
    expect(statSync(file).size).toBe(sizeAsleep)
    await expect.poll(() => checkpointer.awake, { timeout: 5000 }).toBe(true)
    await expect
      .poll(() => statSync(file).size, { timeout: 5000 })
      .toBeGreaterThan(sizeAsleep + 500_000)

    await checkpointer.stop()
    expect(checkpointer.awake).toBe(false)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(300)
  })

  it('reports a worker that cannot work and gives checkpoints back to the writer', async () => {
    const { file, db } = setup()
    const errors: string[] = []
    const checkpointer = Checkpointer.start(db, join(file, 'not-a-database'), {
      intervalMs: 5,
      onError: (message) => errors.push(message),
    })!
    cleanups.push(() => checkpointer.stop())
    await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0)
    expect(errors[0]).toMatch(/^background checkpoints stopped: /)
    expect(checkpointer.running).toBe(false)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  })

  it('does nothing for an in-memory database', () => {
    const db = openDatabase(':memory:')
    cleanups.push(() => void db.close())
    expect(Checkpointer.start(db, ':memory:')).toBeNull()
  })
})
