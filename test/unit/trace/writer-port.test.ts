import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src/core/store'
import { openTraceDatabase } from '../../../src/core/store/trace-database'
import { encodeExchange } from '../../../src/core/trace/batch-codec'
import type { CapturedExchange } from '../../../src/core/trace/captured'
import { StepLog } from '../../../src/core/oauth/steps'
import { ThreadWriterPort } from '../../../src/core/trace/writer-port'
import { processMayRestoreNormal } from '../../../src/core/trace/thread-policy'
import { traceWriterScript } from '../../support/trace-writer-bundle'
import { THREAD_NAMES } from '../../../src/core/thread-name'

const exchange = (i: number): CapturedExchange => {
  const log = new StepLog()
  log.pass('rest.token', 'x'.repeat(2000))
  return {
    startedAt: 1_795_000_000_000 + i,
    durationMs: 1,
    method: 'GET',
    url: `/services/data/v66.0/sobjects/Account/${i}`,
    requestHeaders: { host: '127.0.0.1' },
    query: {},
    body: null,
    trace: { log },
    socketIp: '127.0.0.1',
    status: 200,
    responseHeaders: () => ({ 'content-type': 'application/json' }),
    payload: JSON.stringify({ Id: i, padding: 'y'.repeat(1000) }),
  }
}

/** A thread's scheduling policy from /proc (field 41 of its stat line: 5 is SCHED_IDLE). */
function threadPolicyOf(pid: number, tid: number): 'idle' | 'normal' | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[41 - 3] === '5' ? 'idle' : 'normal'
  } catch {
    return null
  }
}

// Making a thread idle needs Linux and util-linux's chrt; making it normal again needs
// CAP_SYS_NICE or a raised RLIMIT_NICE, so the writer is never made idle without them.
const yieldSkip =
  process.platform !== 'linux'
    ? 'not Linux: the writer thread keeps its priority; yield test skipped'
    : spawnSync('chrt', ['--version']).status !== 0
      ? 'no chrt (util-linux): the writer thread keeps its priority; yield test skipped'
      : !processMayRestoreNormal()
        ? 'no CAP_SYS_NICE or RLIMIT_NICE >= 20: the writer thread keeps its priority; yield test skipped'
        : null

describe('the writer thread', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  /** A writer thread on a fresh data folder, a reading connection to its trace, its failures. */
  async function startWriter(options?: ConstructorParameters<typeof ThreadWriterPort>[3]) {
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
      options,
    )
    const close = async () => {
      await port.close()
      reader.close()
      main.close()
    }
    return { port, reader, failures, close }
  }

  it('counts what it was handed and not yet written, and says when that has drained', async () => {
    const { port, reader, failures, close } = await startWriter()
    try {
      const writes = Array.from({ length: 20 }, (_, b) => {
        const batch = Array.from({ length: 25 }, (_, i) => encodeExchange(exchange(b * 25 + i)))
        return port.write(
          batch,
          batch.reduce((sum, text) => sum + text.length, 0),
          false,
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
      await close()
    }
  })

  it('sets batches aside under load and builds them in the next pause', async () => {
    const { port, reader, close } = await startWriter()
    const rows = () => reader.prepare('SELECT COUNT(*) FROM trace_exchanges').pluck().get()
    try {
      const results = []
      for (let b = 0; b < 10; b++) {
        const batch = Array.from({ length: 25 }, (_, i) => encodeExchange(exchange(b * 25 + i)))
        results.push(await port.write(batch, 1, false, true))
      }
      // Answered as soon as each was set aside: nothing built yet.
      expect(results.map((result) => result.written)).toEqual(Array(10).fill(0))
      expect(results.at(-1)!.setAside).toBe(250)
      // Built in the pause that follows, on the writer's thread.
      await expect.poll(rows, { timeout: 10_000, interval: 20 }).toBe(250)
      expect(reader.prepare('SELECT COUNT(*) FROM trace_pending').pluck().get()).toBe(0)
      const flushed = await port.write([], 0, false, false)
      expect(flushed).toMatchObject({ written: 0, setAside: 0 })
      expect(flushed.totals.exchanges).toBe(250)
    } finally {
      await close()
    }
  })

  it('names its thread for the operating system, so top -H, perf and the bench can tell it apart', async () => {
    if (process.platform !== 'linux') {
      console.log('[writer-port] not Linux: threads keep the process name; name test skipped')
      return
    }
    const { port, close } = await startWriter()
    try {
      await port.write([encodeExchange(exchange(0))], 1, false, false)
      const tid = port.writerThreadId()
      expect(tid).toBeGreaterThan(0)
      expect(readFileSync(`/proc/${process.pid}/task/${tid}/comm`, 'utf8').trim()).toBe(
        THREAD_NAMES.traceWriter,
      )
      // The process (its main thread) keeps its own name.
      expect(readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim()).not.toBe(
        THREAD_NAMES.traceWriter,
      )
    } finally {
      await close()
    }
  })

  it('yields to requests under load, and takes its share back when the load ends', async () => {
    if (yieldSkip) {
      console.log(`[writer-port] ${yieldSkip}`)
      return
    }
    const { port, close } = await startWriter({ yieldUnderLoad: true, priority: { quietMs: 300 } })
    const policy = () => threadPolicyOf(process.pid, port.writerThreadId() ?? -1)
    try {
      // A small batch starts the thread (and says who it is); it stays normal.
      await port.write([encodeExchange(exchange(0))], 1, false, false)
      expect(port.writerThreadId()).toBeGreaterThan(0)
      expect(policy()).toBe('normal')
      // Load: batches of 40, as ~4,000 requests a second make, for as long as it takes to
      // see the writer idle (a busy machine may take a while to run chrt).
      let sent = 0
      const deadline = Date.now() + 5000
      while (policy() !== 'idle' && Date.now() < deadline) {
        const batch = Array.from({ length: 40 }, () => encodeExchange(exchange(++sent)))
        await port.write(batch, 1, false, false)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      expect(policy()).toBe('idle')
      // No more load: after quietMs the writer is normal again.
      await expect.poll(policy, { timeout: 3000 }).toBe('normal')
    } finally {
      await close()
    }
  })
})
