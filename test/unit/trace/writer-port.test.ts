import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src/core/store'
import { openTraceDatabase } from '../../../src/core/store/trace-database'
import { encodeExchange } from '../../../src/core/trace/batch-codec'
import { encodeSteps, type PackedExchange } from '../../../src/core/trace/packed'
import { ThreadWriterPort } from '../../../src/core/trace/writer-port'
import { traceWriterScript } from '../../support/trace-writer-bundle'

const exchange = (i: number): PackedExchange => ({
  startedAt: 1_795_000_000_000 + i,
  durationMs: 1,
  method: 'GET',
  url: `/services/data/v66.0/sobjects/Account/${i}`,
  requestHeaders: { host: '127.0.0.1' },
  query: {},
  body: null,
  trace: {
    steps: encodeSteps([{ name: 'rest.token', outcome: 'passed', detail: 'x'.repeat(2000) }]),
  },
  socketIp: '127.0.0.1',
  status: 200,
  responseHeaders: { 'content-type': 'application/json' },
  payload: JSON.stringify({ Id: i, padding: 'y'.repeat(1000) }),
})

describe('the writer thread', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  it('counts what it was handed and not yet written, and says when that has drained', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-writer-'))
    dirs.push(dir)
    const main = openStore(join(dir, 'gatehouse.db'))
    const traceFile = join(dir, 'trace.db')
    const reader = openTraceDatabase(traceFile)
    const failures: string[] = []
    const port = new ThreadWriterPort(
      await traceWriterScript(),
      {
        traceFile,
        mainFile: main.file,
        limits: { maxExchanges: 10_000, maxBytes: 1e9, maxBodyBytes: 65_536 },
        totals: { exchanges: 0, bytes: 0, flows: 0 },
      },
      (message) => failures.push(message),
    )
    try {
      const writes = Array.from({ length: 20 }, (_, b) => {
        const batch = Array.from({ length: 25 }, (_, i) => encodeExchange(exchange(b * 25 + i)))
        return port.write(
          batch,
          batch.reduce((sum, text) => sum + text.length, 0),
          false,
        )
      })
      // Twenty batches of about 80 KB each were handed over at once.
      expect(port.backlog()).toBeGreaterThan(1_000_000)
      await port.drained(0)
      expect(port.backlog()).toBe(0)
      const results = await Promise.all(writes)
      expect(results.reduce((sum, result) => sum + result.written, 0)).toBe(500)
      expect(results.at(-1)!.totals.exchanges).toBe(500)
      expect(reader.prepare('SELECT COUNT(*) FROM trace_exchanges').pluck().get()).toBe(500)
      expect(failures).toEqual([])
    } finally {
      await port.close()
      reader.close()
      main.close()
    }
  })
})
