import { describe, expect, it } from 'vitest'
import { LazyWriterPort } from '../../../src/core/trace/lazy-writer-port'
import type { BatchResult, TraceTotals } from '../../../src/core/trace/writer'
import type { WriterPort } from '../../../src/core/trace/writer-port'

/** A writer that says what it was asked, standing in for the thread. */
class FakeThread implements WriterPort {
  readonly calls: string[] = []
  backlog = () => 7
  drained = async () => void this.calls.push('drained')
  async write(batch: string[]): Promise<BatchResult> {
    this.calls.push(`write ${batch.length}`)
    const totals = { exchanges: batch.length, bytes: 10, flows: 1 }
    return { exchanges: [], flows: [], written: batch.length, totals, setAside: 0, errors: [] }
  }
  async clear(): Promise<TraceTotals> {
    this.calls.push('clear')
    return { exchanges: 0, bytes: 0, flows: 0 }
  }
  async close(): Promise<void> {
    this.calls.push('close')
  }
}

function lazyPort(totals: TraceTotals = { exchanges: 3, bytes: 300, flows: 2 }) {
  const threads: FakeThread[] = []
  const port = new LazyWriterPort(
    () => {
      const thread = new FakeThread()
      threads.push(thread)
      return thread
    },
    () => totals,
  )
  return { port, threads }
}

describe('the writer thread, started when there is something to write', () => {
  it('is not started by flushes with nothing to hand over; they answer with the totals', async () => {
    const { port, threads } = lazyPort()
    const result = await port.write([], 0, true, false)
    expect(result).toEqual({
      exchanges: [],
      flows: [],
      written: 0,
      totals: { exchanges: 3, bytes: 300, flows: 2 },
      setAside: 0,
      errors: [],
    })
    expect(port.backlog()).toBe(0)
    await port.drained(0)
    await port.close()
    expect(threads).toHaveLength(0)
    expect(port.started).toBe(false)
  })

  it('starts once, at the first batch, and hands everything after it to the same thread', async () => {
    const { port, threads } = lazyPort()
    expect((await port.write(['a', 'b'], 2, false, true)).written).toBe(2)
    expect((await port.write([], 0, false, false)).written).toBe(0)
    expect(port.backlog()).toBe(7)
    await port.close()
    expect(threads).toHaveLength(1)
    expect(threads[0]!.calls).toEqual(['write 2', 'write 0', 'close'])
  })

  it('starts to clear the trace (only the writer may)', async () => {
    const { port, threads } = lazyPort()
    await port.clear()
    expect(threads.map((thread) => thread.calls)).toEqual([['clear']])
  })

  it('starts at once when asked (work left from before), and only once', async () => {
    const { port, threads } = lazyPort()
    port.startNow()
    port.startNow()
    await port.write(['a'], 1, false, false)
    expect(port.started).toBe(true)
    expect(threads).toHaveLength(1)
    expect(threads[0]!.calls).toEqual(['write 1'])
  })
})
