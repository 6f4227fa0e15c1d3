import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openTraceDatabase } from '../../../src/core/store/trace-database'
import { TraceStore, type TraceExchangeRow } from '../../../src/core/store/trace-store'

// Pruning keeps the trace within its limits by deleting the oldest exchanges: as many as the
// count is over, and more when the bytes are still over, never a newer one first.

function row(id: number, size: number): TraceExchangeRow {
  return {
    id,
    flow_id: null,
    started_at: id * 1000,
    duration_ms: 1,
    method: 'GET',
    url: `/services/data/v66.0/sobjects/Account/${id}`,
    endpoint: 'rest',
    status: 200,
    outcome: 'ok',
    failed_step: null,
    app_key: 'key',
    app_name: 'Order Sync',
    user_id: null,
    username: null,
    grant_type: null,
    client_ip: '127.0.0.1',
    fault: null,
    size,
    data: '{}',
    steps: '',
  }
}

const open: Database.Database[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

/** Exchanges 1…count; exchange i is `sizeOf(i)` bytes. */
function seeded(count: number, sizeOf: (id: number) => number): TraceStore {
  const db = openTraceDatabase(':memory:')
  open.push(db)
  const store = new TraceStore(db)
  store.writeBatch(
    Array.from({ length: count }, (_, i) => row(i + 1, sizeOf(i + 1))),
    [],
    0,
    [],
  )
  return store
}

const unlimited = Number.MAX_SAFE_INTEGER

describe('TraceStore.prune', () => {
  it('deletes as many of the oldest as the count is over, and says how many bytes went', () => {
    const store = seeded(1000, (id) => id)
    const result = store.prune({ count: 1000, bytes: 500_500 }, 900, unlimited)
    // 1 + 2 + … + 100
    expect(result).toEqual({ exchanges: 100, bytes: 5050, flows: 0 })
    expect(store.minExchangeId()).toBe(101)
    expect(store.totals()).toEqual({ count: 900, bytes: 500_500 - 5050 })
  })

  it('goes past the count when the bytes are still over, in order, across many rows', () => {
    // 10 bytes each: 3,000 bytes over means 300 exchanges, more than one read of the walk.
    const store = seeded(1000, () => 10)
    const result = store.prune({ count: 1000, bytes: 10_000 }, 990, 7000)
    expect(result).toEqual({ exchanges: 300, bytes: 3000, flows: 0 })
    expect(store.minExchangeId()).toBe(301)
  })

  it('prunes by bytes alone', () => {
    const store = seeded(50, (id) => (id === 3 ? 5000 : 100))
    const result = store.prune({ count: 50, bytes: 9900 }, unlimited, 5000)
    // The third exchange alone makes up for the excess, and the two before it go too.
    expect(result).toEqual({ exchanges: 3, bytes: 5200, flows: 0 })
    expect(store.minExchangeId()).toBe(4)
  })

  it('does nothing within the limits', () => {
    const store = seeded(10, () => 100)
    expect(store.prune({ count: 10, bytes: 1000 }, 10, 1000)).toEqual({
      exchanges: 0,
      bytes: 0,
      flows: 0,
    })
    expect(store.minExchangeId()).toBe(1)
  })

  it('deletes everything it has when the totals claim more rows than there are', () => {
    const store = seeded(20, () => 100)
    const result = store.prune({ count: 500, bytes: 2000 }, 100, unlimited)
    expect(result).toEqual({ exchanges: 20, bytes: 2000, flows: 0 })
    expect(store.minExchangeId()).toBeUndefined()
  })
})
