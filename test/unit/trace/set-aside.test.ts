import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openTraceDatabase } from '../../../src/core/store/trace-database'
import { encodeExchange } from '../../../src/core/trace/batch-codec'
import type { CapturedExchange } from '../../../src/core/trace/captured'
import { StepLog } from '../../../src/core/oauth/steps'
import { TraceEvents } from '../../../src/core/trace/events'
import { SET_ASIDE_MIN_BATCH } from '../../../src/core/trace/set-aside'
import { TraceWriter, type TraceWriterDeps } from '../../../src/core/trace/writer'

/** Exchange `i` of a load: a client-credentials token request whose URL says which one. */
const exchange = (i: number): CapturedExchange => {
  const log = new StepLog()
  log.pass('client.lookup', `consumer key belongs to App ${i % 3}`)
  return {
    startedAt: 1_795_000_000_000 + i,
    durationMs: 1,
    method: 'POST',
    url: `/services/oauth2/token?n=${i}`,
    requestHeaders: { host: '127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
    query: { n: String(i) },
    body: { grant_type: 'client_credentials' },
    trace: { log, appKey: `key-${i % 3}`, grantType: 'client_credentials', grantId: `grant-${i}` },
    socketIp: '127.0.0.1',
    status: 200,
    responseHeaders: () => ({ 'content-type': 'application/json' }),
    payload: JSON.stringify({ access_token: `token-${i}`, token_type: 'Bearer' }),
  }
}

let next = 0
const batch = (size: number) => Array.from({ length: size }, () => encodeExchange(exchange(next++)))

const LIMITS = { maxExchanges: 10_000, maxBytes: 1e9, maxBodyBytes: 65_536 }

/** The URLs' exchange numbers, in the order of the rows' ids. */
const recorded = (db: Database) =>
  (db.prepare('SELECT url FROM trace_exchanges ORDER BY id').pluck().all() as string[]).map((url) =>
    Number(url.split('=').pop()),
  )
const setAsideRows = (db: Database) =>
  db.prepare('SELECT COUNT(*) FROM trace_pending').pluck().get() as number

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

describe('batches set aside under load', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

  function writerOn(db: Database, deps: Partial<TraceWriterDeps> = {}, limits = LIMITS) {
    const writer = new TraceWriter(
      { db, grantOfToken: () => undefined, searchIndex: false, setAside: false, ...deps },
      limits,
    )
    cleanups.push(() => writer.stop())
    return writer
  }

  function memoryDb(): Database {
    const db = openTraceDatabase(':memory:')
    cleanups.push(() => db.close())
    return db
  }

  it('waits, and any flush but the recorder’s own builds it first, in the order it came', () => {
    next = 0
    const db = memoryDb()
    const writer = writerOn(db)
    const first = writer.write(batch(SET_ASIDE_MIN_BATCH), false, true)
    expect(first).toMatchObject({ written: 0, setAside: SET_ASIDE_MIN_BATCH, errors: [] })
    // A small batch behind it waits too: rows keep the order the exchanges came in.
    expect(writer.write(batch(2), false, true).setAside).toBe(SET_ASIDE_MIN_BATCH + 2)
    expect(recorded(db)).toEqual([])
    expect(setAsideRows(db)).toBe(2)

    // A reader's flush (an empty batch) builds everything set aside.
    const flushed = writer.write([], false, false)
    expect(flushed).toMatchObject({ written: SET_ASIDE_MIN_BATCH + 2, setAside: 0 })
    expect(flushed.totals.exchanges).toBe(SET_ASIDE_MIN_BATCH + 2)
    expect(recorded(db)).toEqual(range(0, SET_ASIDE_MIN_BATCH + 2))
    expect(setAsideRows(db)).toBe(0)
  })

  it('never holds back a small batch, nor one somebody listens for', () => {
    next = 0
    const db = memoryDb()
    const writer = writerOn(db)
    expect(writer.write(batch(SET_ASIDE_MIN_BATCH - 1), false, true).written).toBe(
      SET_ASIDE_MIN_BATCH - 1,
    )
    const heard = writer.write(batch(SET_ASIDE_MIN_BATCH), true, true)
    expect(heard.written).toBe(SET_ASIDE_MIN_BATCH)
    expect(heard.exchanges).toHaveLength(SET_ASIDE_MIN_BATCH)
    expect(recorded(db)).toEqual(range(0, 2 * SET_ASIDE_MIN_BATCH - 1))
  })

  it('announces what it builds for a listener, flows included', () => {
    next = 0
    const db = memoryDb()
    const writer = writerOn(db)
    writer.write(batch(10), false, true)
    const result = writer.write(batch(1), true, false)
    expect(result.exchanges.map((e) => e.url.split('=').pop())).toEqual(range(0, 11).map(String))
    expect(result.flows.length).toBeGreaterThan(0)
    // Each flow once, however many of its exchanges came in.
    expect(new Set(result.flows.map((flow) => flow.id)).size).toBe(result.flows.length)
  })

  it('builds in the pause, oldest first, and leaves the search index until it is done', async () => {
    next = 0
    const db = memoryDb()
    const writer = writerOn(db, {
      setAside: { idleMs: 30, sliceMs: 1 },
      searchIndex: { idleMs: 30, sliceMs: 25, chunk: 32 },
    })
    for (let i = 0; i < 5; i++) writer.write(batch(20), false, true)
    expect(recorded(db)).toEqual([])
    await expect.poll(() => recorded(db).length, { timeout: 5000, interval: 10 }).toBe(100)
    expect(recorded(db)).toEqual(range(0, 100))
    expect(setAsideRows(db)).toBe(0)
    await expect.poll(() => writer.store.unindexedCount(), { timeout: 5000 }).toBe(0)
  })

  it('loses nothing in a crash: the next writer builds what was set aside', () => {
    next = 0
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-set-aside-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'trace.db')
    const before = openTraceDatabase(file)
    writerOn(before).write(batch(12), false, true)
    writerOn(before).write(batch(12), false, true)
    // Gone without building (no stop, no flush).
    before.close()

    const after = openTraceDatabase(file)
    cleanups.push(() => after.close())
    const writer = writerOn(after)
    expect(writer.write([], false, false).written).toBe(24)
    expect(recorded(after)).toEqual(range(0, 24))
  })

  it('past its share of the size limit builds the oldest as new ones come', () => {
    next = 0
    const db = memoryDb()
    const one = batch(10)
    const chars = one.reduce((sum, text) => sum + text.length, 0)
    // The share is half the limit: about three batches may wait.
    const writer = writerOn(db, {}, { ...LIMITS, maxBytes: chars * 7 })
    const results = [writer.write(one, false, true)]
    for (let i = 0; i < 9; i++) results.push(writer.write(batch(10), false, true))
    expect(results.map((r) => r.setAside)).toEqual([10, 20, 30, 30, 30, 30, 30, 30, 30, 30])
    expect(results.map((r) => r.written)).toEqual([0, 0, 0, 10, 10, 10, 10, 10, 10, 10])
    const last = writer.write([], false, false)
    expect(last.written).toBe(30)
    // The limit is small, so the oldest rows are pruned; what is kept is the newest, in order.
    const kept = recorded(db)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept).toEqual(range(100 - kept.length, 100))
  })

  it('forgets what was set aside when the trace is cleared', () => {
    next = 0
    const db = memoryDb()
    const writer = writerOn(db)
    writer.write(batch(10), false, true)
    expect(writer.clear().exchanges).toBe(0)
    expect(writer.write([], false, false).written).toBe(0)
    expect(recorded(db)).toEqual([])
    expect(setAsideRows(db)).toBe(0)
  })

  it('builds a batch at once when it cannot be set aside', () => {
    next = 0
    const db = memoryDb()
    const warnings: string[] = []
    const writer = writerOn(db, { onWarning: (message) => warnings.push(message) })
    db.exec('DROP TABLE trace_pending')
    const result = writer.write(batch(10), false, true)
    expect(result).toMatchObject({ written: 10, setAside: 0 })
    expect(recorded(db)).toEqual(range(0, 10))
    expect(warnings.join('\n')).toMatch(/a batch could not be set aside: no such table/)
  })

  it('sets a large batch aside in rows of a page or less, and builds them back in order', () => {
    next = 0
    const db = memoryDb()
    const writer = writerOn(db)
    // Exchanges of about 5,000 characters: a REST answer of a few records.
    const large = Array.from({ length: 30 }, () => {
      const captured = exchange(next++)
      captured.payload = JSON.stringify({ records: 'x'.repeat(5000) })
      return encodeExchange(captured)
    })
    expect(writer.write(large, false, true)).toMatchObject({ written: 0, setAside: 30 })
    const rows = db
      .prepare('SELECT exchanges, LENGTH(batch) AS chars FROM trace_pending ORDER BY id')
      .all() as Array<{ exchanges: number; chars: number }>
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.reduce((sum, row) => sum + row.exchanges, 0)).toBe(30)
    // Each row fits on one of the trace's 16 KiB pages (no overflow pages to allocate).
    for (const row of rows) expect(row.chars).toBeLessThan(16_000)

    // A second large batch behind it: a flush builds both, rows of several batches together.
    writer.write(batch(20), false, true)
    expect(writer.write([], false, false).written).toBe(50)
    expect(recorded(db)).toEqual(range(0, 50))
    expect(setAsideRows(db)).toBe(0)
  })

  it('reports a garbled row and records the others built with it', () => {
    next = 0
    const db = memoryDb()
    const warnings: string[] = []
    const writer = writerOn(db, { onWarning: (message) => warnings.push(message) })
    writer.write(batch(10), false, true)
    writer.write(batch(10), false, true)
    writer.write(batch(10), false, true)
    const ids = db.prepare('SELECT id FROM trace_pending ORDER BY id').pluck().all() as number[]
    expect(ids).toHaveLength(3)
    db.prepare("UPDATE trace_pending SET batch = 'not a batch' WHERE id = ?").run(ids[1])
    expect(writer.write([], false, false).written).toBe(20)
    expect(recorded(db)).toEqual([...range(0, 10), ...range(20, 30)])
    expect(warnings.join('\n')).toMatch(/10 exchange\(s\) set aside could not be recorded/)
    expect(setAsideRows(db)).toBe(0)
  })

  it('reports a garbled batch and goes on with the next one', () => {
    next = 0
    const db = memoryDb()
    const warnings: string[] = []
    const writer = writerOn(db, { onWarning: (message) => warnings.push(message) })
    writer.write(batch(10), false, true)
    db.prepare("UPDATE trace_pending SET batch = 'not a batch'").run()
    writer.write(batch(10), false, true)
    expect(writer.write([], false, false).written).toBe(10)
    expect(recorded(db)).toEqual(range(10, 20))
    expect(warnings.join('\n')).toMatch(/10 exchange\(s\) set aside could not be recorded/)
    expect(setAsideRows(db)).toBe(0)
  })
})

describe('the trace events', () => {
  it('tell the recorder when someone starts listening where nobody did', () => {
    let firsts = 0
    const events = new TraceEvents(() => (firsts += 1))
    const stopA = events.subscribe(() => {})
    const stopB = events.subscribe(() => {})
    expect(firsts).toBe(1)
    stopA()
    stopB()
    events.subscribe(() => {})
    expect(firsts).toBe(2)
  })
})
