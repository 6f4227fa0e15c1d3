import { afterEach, describe, expect, it, vi } from 'vitest'
import { SearchIndexer, type IndexableStore } from '../../../src/core/trace/search-indexer'

/** A store with `pending` exchanges to index; it records when each chunk was indexed. */
function fakeStore(pending: number): IndexableStore & { chunks: number[]; drops: number } {
  const store = {
    chunks: [] as number[],
    drops: 0,
    indexWhile(chunk: number, more: () => boolean) {
      let added = 0
      for (;;) {
        const now = Math.min(chunk, pending)
        pending -= now
        added += now
        if (now > 0) store.chunks.push(now)
        if (now < chunk) return { added, caughtUp: true }
        if (!more()) return { added, caughtUp: false }
      }
    },
    rotateIndex() {
      store.drops += 1
      return false
    },
  }
  return store
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the search indexer', () => {
  it('indexes only once the recorder has been idle, and a batch pushes it back', async () => {
    vi.useFakeTimers()
    const store = fakeStore(100)
    const indexer = new SearchIndexer(store, { idleMs: 250, sliceMs: 1_000, chunk: 10 })
    indexer.wrote()
    await vi.advanceTimersByTimeAsync(200)
    indexer.wrote()
    await vi.advanceTimersByTimeAsync(200)
    // 400 ms after the first batch, 200 after the last: nothing yet.
    expect(store.chunks).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    expect(store.chunks.reduce((a, b) => a + b, 0)).toBe(100)
    // One look for a generation all pruned per pause, not per chunk.
    expect(store.drops).toBe(1)
    indexer.stop()
  })

  it('works in slices, and a batch arriving between two stops it until the next pause', async () => {
    vi.useFakeTimers()
    const store = fakeStore(1_000)
    // sliceMs 0: one chunk per slice.
    const indexer = new SearchIndexer(store, { idleMs: 50, sliceMs: 0, chunk: 10 })
    indexer.wrote()
    await vi.advanceTimersByTimeAsync(52)
    // A few slices, not all 100 of them in one go.
    expect(store.chunks.length).toBeGreaterThan(0)
    expect(store.chunks.length).toBeLessThan(100)
    const before = store.chunks.length
    indexer.wrote()
    await vi.advanceTimersByTimeAsync(49)
    expect(store.chunks.length).toBe(before)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(store.chunks.reduce((a, b) => a + b, 0)).toBe(1_000)
    expect(store.drops).toBe(2)
    indexer.stop()
  })

  it('stops for good when the writer closes, and reports a failure without throwing', async () => {
    vi.useFakeTimers()
    const store = fakeStore(10)
    const stopped = new SearchIndexer(store, { idleMs: 10 })
    stopped.wrote()
    stopped.stop()
    stopped.wrote()
    await vi.advanceTimersByTimeAsync(100)
    expect(store.chunks).toEqual([])

    const errors: string[] = []
    const failing = new SearchIndexer(
      {
        indexWhile: () => {
          throw new Error('disk I/O error')
        },
        rotateIndex: () => false,
      },
      { idleMs: 10 },
      (message) => errors.push(message),
    )
    failing.wrote()
    await vi.advanceTimersByTimeAsync(100)
    expect(errors).toEqual(['the search index could not be updated: disk I/O error'])
    failing.stop()
  })
})
