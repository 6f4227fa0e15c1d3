import type Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/core/store/database'
import { runMigrations } from '../../../src/core/store/migrate'
import { openTraceDatabase, TRACE_MIGRATIONS } from '../../../src/core/store/trace-database'
import {
  TraceStore,
  type TraceExchangeQuery,
  type TraceExchangeRow,
} from '../../../src/core/store/trace-store'
import { encodeSteps } from '../../../src/core/trace/packed'
import { exchangeDetail } from '../../../src/core/trace/views'

// The text search over recorded exchanges (Traffic's search box, the admin API's text=): the
// trigram index answers for what it holds, newer exchanges are read, and either way the
// answer is the same.

const STEP_TEXT = {
  id: 1,
  text: encodeSteps([
    { name: 'client.lookup', outcome: 'passed', detail: 'consumer key belongs to Order Sync' },
  ]),
}

function row(id: number, url: string, body: string, app = 'Order Sync'): TraceExchangeRow {
  const data = JSON.stringify({
    request: {
      headers: { 'x-correlation-id': `Batch-${id}` },
      body: { text: body, encoding: 'utf8' },
    },
    response: {
      headers: { 'content-type': 'application/json' },
      body: { text: JSON.stringify({ error: 'invalid_client' }), encoding: 'utf8' },
    },
  })
  const inline = encodeSteps([
    id % 2
      ? {
          name: 'client.secret',
          outcome: 'failed',
          detail: `wrong secret for G-${id}`,
          error: { error: 'invalid_client', error_description: 'bad', status: 401 },
        }
      : { name: 'tokens.issue', outcome: 'passed', detail: `issued grant G-${id}` },
  ])
  return {
    id,
    flow_id: null,
    started_at: id * 1000,
    duration_ms: 1,
    method: 'POST',
    url,
    endpoint: 'token',
    status: id % 2 ? 400 : 200,
    outcome: id % 2 ? 'failed' : 'ok',
    failed_step: null,
    app_key: `key-${app}`,
    app_name: app,
    user_id: null,
    username: null,
    grant_type: 'client_credentials',
    client_ip: '127.0.0.1',
    fault: null,
    size: data.length,
    data,
    // One step kept once (a reference), one inline.
    steps: `#1;${inline}`,
  }
}

const open: Database.Database[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function seeded(count: number): TraceStore {
  const db = openTraceDatabase(':memory:')
  open.push(db)
  const store = new TraceStore(db)
  const rows = Array.from({ length: count }, (_, i) =>
    row(
      i + 1,
      i % 3 ? '/services/oauth2/token' : `/services/data/v62.0/query?q=Q${i + 1}`,
      `grant_type=client_credentials&n=${i + 1}`,
      i % 4 ? 'Order Sync' : 'Nightly ETL',
    ),
  )
  store.writeBatch(rows, [], 0, [STEP_TEXT])
  return store
}

const QUERIES: Array<Omit<TraceExchangeQuery, 'limit'> & { limit?: number }> = [
  { text: 'batch-17' }, // a header value, in another case
  { text: 'BATCH-1' }, // many, newest first, cut at the limit
  { text: 'n=40&' }, // none: n=40 ends the body
  { text: 'V62.0/QUERY?q=q1' }, // the URL
  { text: 'belongs to order sync' }, // a passed step: not what a search finds
  { text: 'secret for G-33' }, // the failing step
  { text: 'for G-34' }, // a passed step again
  { text: '"error":"invalid_client"' }, // a JSON answer, as it was sent
  { text: '100%' }, // the pattern's wildcards are literal
  { text: 'a_b' },
  { text: 'G-' }, // under three characters: read, not looked up
  { text: 'q', limit: 5 },
  { text: 'Batch', app: 'Nightly ETL' },
  { text: 'Batch', status: 'failed', before: 30 },
  { text: 'client_credentials', limit: 200 },
  { text: 'no exchange holds this' },
]

const ids = (store: TraceStore, query: (typeof QUERIES)[number]) =>
  store.listExchanges({ limit: 10, ...query }).map((r) => r.id)

describe('text search', () => {
  it('answers the same from the index as from reading the rows', () => {
    const store = seeded(60)
    const read = QUERIES.map((q) => ids(store, q))
    expect(store.unindexedCount()).toBe(60)
    // Part indexed: the answer joins the read part and the looked-up part.
    expect(store.indexNext(25)).toBe(25)
    expect(QUERIES.map((q) => ids(store, q))).toEqual(read)
    while (store.indexNext(16) > 0);
    expect(store.unindexedCount()).toBe(0)
    expect(QUERIES.map((q) => ids(store, q))).toEqual(read)

    // What a person would see, spelled out for a few.
    expect(ids(store, { text: 'batch-17' })).toEqual([17])
    expect(ids(store, { text: 'BATCH-1' })).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10])
    expect(ids(store, { text: 'belongs to order sync' })).toEqual([])
    expect(ids(store, { text: 'SECRET FOR g-33' })).toEqual([33])
    expect(ids(store, { text: 'for G-34' })).toEqual([])
    expect(ids(store, { text: '"error":"invalid_client"', limit: 2 })).toEqual([60, 59])
    expect(ids(store, { text: 'V62.0/QUERY?q=q1' })).toEqual([19, 16, 13, 10, 1])
    expect(ids(store, { text: 'no exchange holds this' })).toEqual([])
  })

  it('keeps the index in two generations: one all pruned is dropped, no kept exchange is indexed twice', () => {
    const store = seeded(60)
    while (store.indexNext(32) > 0);
    // Nothing pruned yet: the first generation is closed, and later exchanges start the next.
    expect(store.rotateIndex()).toBe(true)
    expect(store.rotateIndex()).toBe(false)
    const later = Array.from({ length: 20 }, (_, i) =>
      row(61 + i, '/services/oauth2/token', `grant_type=client_credentials&n=${61 + i}`),
    )
    store.writeBatch(later, [], 0)
    while (store.indexNext(32) > 0);
    // Across both generations, the same answers as reading every row.
    const reference = seeded(0)
    // (exchange() reads the steps back whole; the reference stores them so.)
    reference.writeBatch(
      [...Array.from({ length: 60 }, (_, i) => store.exchange(i + 1)!), ...later],
      [],
      0,
    )
    expect(QUERIES.map((q) => ids(store, q))).toEqual(QUERIES.map((q) => ids(reference, q)))
    expect(ids(store, { text: 'batch-', limit: 30 })).toEqual(
      Array.from({ length: 30 }, (_, i) => 80 - i),
    )
    // The older generation still holds kept exchanges: it stays.
    expect(store.rotateIndex()).toBe(false)

    store.prune({ count: 80, bytes: 0 }, 20, Number.MAX_SAFE_INTEGER)
    expect(ids(store, { text: 'batch-5' })).toEqual([])
    expect(ids(store, { text: 'batch-7' })).toEqual([79, 78, 77, 76, 75, 74, 73, 72, 71, 70])
    // All of the first generation is pruned: it is emptied, and nothing is indexed again.
    expect(store.rotateIndex()).toBe(true)
    expect(store.unindexedCount()).toBe(0)
    expect(ids(store, { text: 'batch-7' })).toEqual([79, 78, 77, 76, 75, 74, 73, 72, 71, 70])
    expect(ids(store, { text: 'n=61&' })).toEqual([])
    expect(ids(store, { text: 'n=61' })).toEqual([61])
    // The emptied one is the current generation now.
    store.writeBatch([row(81, '/services/oauth2/userinfo', 'after the turn')], [], 0)
    while (store.indexNext(32) > 0);
    expect(ids(store, { text: 'AFTER THE TURN' })).toEqual([81])
    expect(ids(store, { text: 'batch-8' })).toEqual([81, 80])
  })

  it('starts over with the trace: ids used again do not find what was cleared', () => {
    const store = seeded(10)
    while (store.indexNext(32) > 0);
    store.clear()
    expect(store.unindexedCount()).toBe(0)
    store.writeBatch([row(1, '/services/oauth2/userinfo', 'fresh')], [], 0)
    expect(ids(store, { text: 'grant_type' })).toEqual([])
    expect(ids(store, { text: 'userinfo' })).toEqual([1])
    while (store.indexNext(32) > 0);
    expect(ids(store, { text: 'grant_type' })).toEqual([])
    expect(ids(store, { text: 'fresh' })).toEqual([1])
  })

  it('finds a JWT by the whole token or its header and payload, never inside its signature', () => {
    const header = Buffer.from('{"alg":"RS256","kid":"CORE"}').toString('base64url')
    const payload = Buffer.from('{"sub":"005ADA","jti":"J-77"}').toString('base64url')
    const signature = 'Qx7pLmN2vB9kR4tY8wZ1aS5dF3gH6jK0lP-_oI'
    const jwt = `${header}.${payload}.${signature}`
    const store = seeded(0)
    const exchange = row(1, '/services/oauth2/token', 'grant_type=client_credentials')
    const data = JSON.parse(exchange.data)
    data.response.body.text = JSON.stringify({ access_token: jwt, token_type: 'Bearer' })
    exchange.data = JSON.stringify(data)
    store.writeBatch([exchange, row(2, '/services/oauth2/token', 'grant_type=password')], [], 0)
    const searches = (): number[][] =>
      [
        jwt,
        `"access_token":"${jwt}","token_type"`,
        payload.slice(5, 25),
        `${payload}.`,
        signature.slice(3, 20),
        signature.slice(0, 3),
      ].map((text) => ids(store, { text }))
    const expected = [[1], [1], [1], [1], [], []]
    expect(searches()).toEqual(expected)
    while (store.indexNext(32) > 0);
    expect(searches()).toEqual(expected)
  })

  it('reads the steps back whole', () => {
    const store = seeded(2)
    const stored = store.exchange(2)!
    expect(stored.steps!.startsWith(STEP_TEXT.text)).toBe(true)
    expect(stored.steps).toContain('issued grant G-2')
  })
})

describe('a trace recorded before the compact row and the index', () => {
  it('reads back, shows its steps and is found once indexed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-v1-'))
    const file = join(dir, 'trace.db')
    try {
      // Version 1: the steps inside the data column, no steps column, no index.
      const old = openDatabase(file)
      runMigrations(old, TRACE_MIGRATIONS.slice(0, 1))
      const steps = encodeSteps([
        { name: 'client.blocked', outcome: 'passed', detail: 'app Order Sync is not blocked' },
        {
          name: 'client.secret',
          outcome: 'failed',
          detail: 'the client_secret sent does not match',
        },
      ])
      const data = JSON.stringify({
        request: { headers: { 'x-legacy': 'Old-Row' }, body: null },
        response: { headers: {}, body: null },
        steps,
        grantId: null,
        socketIp: '127.0.0.1',
        faultDetail: null,
      })
      old
        .prepare(
          `INSERT INTO trace_exchanges (id, started_at, duration_ms, method, url, endpoint, status,
           outcome, size, data) VALUES (1, 0, 1, 'POST', '/services/oauth2/token', 'token', 400,
           'failed', 10, ?)`,
        )
        .run(data)
      old.close()

      const db = openTraceDatabase(file)
      open.push(db)
      const store = new TraceStore(db)
      const detail = exchangeDetail(store.exchange(1)!)
      expect(detail.steps.map((s) => s.name)).toEqual(['client.blocked', 'client.secret'])
      expect(store.unindexedCount()).toBe(1)
      expect(ids(store, { text: 'old-row' })).toEqual([1])
      expect(ids(store, { text: 'client_secret sent' })).toEqual([1])
      while (store.indexNext(32) > 0);
      expect(ids(store, { text: 'old-row' })).toEqual([1])
      expect(ids(store, { text: 'client_secret sent' })).toEqual([1])
      expect(ids(store, { text: 'is not blocked' })).toEqual([])
    } finally {
      for (const db of open.splice(0)) db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
