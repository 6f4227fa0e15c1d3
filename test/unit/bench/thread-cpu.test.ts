import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { threadCpuBetween, threadCpuSeconds } from '../../../scripts/bench/proc.mjs'
import { cpuTable } from '../../../scripts/bench/report.mjs'
import { THREAD_NAMES } from '../../../src/core/thread-name'

/** A worker thread that names itself as Gatehouse's do, then keeps a core busy for `ms`. */
function busyThread(name: string, ms: number): Promise<void> {
  const source = `
    const { workerData } = require('node:worker_threads')
    require('node:fs').writeFileSync('/proc/thread-self/comm', workerData.name)
    const end = Date.now() + workerData.ms
    while (Date.now() < end) {}
  `
  const worker = new Worker(source, { eval: true, workerData: { name, ms } })
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('exit', () => resolve())
  })
}

function spin(ms: number): void {
  const end = Date.now() + ms
  while (Date.now() < end) {
    // busy on the main thread
  }
}

describe('the bench’s CPU by thread', () => {
  it('puts the main thread, the trace writer and Gatehouse’s other threads each in its group', async () => {
    if (process.platform !== 'linux') {
      console.log('[bench] not Linux: no per-thread CPU figures; test skipped')
      return
    }
    const before = threadCpuSeconds(process.pid)
    spin(200)
    // A thread that ends between two snapshots is not counted (proc.mjs), so both are read
    // while the workers still run.
    const writer = busyThread(THREAD_NAMES.traceWriter, 1500)
    const checkpoints = busyThread(THREAD_NAMES.checkpointer, 1500)
    await new Promise((resolve) => setTimeout(resolve, 1200))
    const after = threadCpuSeconds(process.pid)
    await Promise.all([writer, checkpoints])

    const groups = threadCpuBetween(before, after)!
    // Low bars: on a shared machine a busy thread gets what the others leave it.
    expect(groups.request).toBeGreaterThanOrEqual(0.05)
    expect(groups.recorder).toBeGreaterThanOrEqual(0.2)
    expect(groups.gatehouse).toBeGreaterThanOrEqual(0.2)
    // A named thread is never counted twice, nor as the threadpool.
    expect(groups.pool).toBeLessThan(groups.recorder)
  })

  it('prints where a request’s CPU went, with the total during the load', () => {
    const cpu = {
      request: 250,
      recorder: 40,
      gatehouse: 10,
      pool: 300,
      generator: 50,
      afterWindow: 120,
    }
    const results = {
      scenarios: {
        'gatehouse.cc-jwt': {
          title: 'Gatehouse JWT',
          status: 'ok',
          median: { cpuUsPerRequest: cpu },
        },
        // Without per-thread figures (not Linux) a scenario has no row.
        'gatehouse.cc-jwt.recorder-off': {
          title: 'Gatehouse JWT off',
          status: 'ok',
          median: { cpuUsPerRequest: null },
        },
      },
    }
    const lines = cpuTable(results).split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('| Gatehouse JWT | 250 | 40 | 10 | 300 | 50 | 650 | 120 |')
  })
})
