// One bounded load run: autocannon against a server, a warm-up first, then the measured
// window. Besides req/s and latency it reads what the server process spent (its CPU time,
// all threads) and what the machine did otherwise, so a reader can tell a slow server from a
// busy machine. The bench measures in short slices, interleaved across scenarios, and
// combines each scenario's slices: a noisy neighbour then hits every scenario, not one.
import autocannon from 'autocannon'
import { median } from './stats.mjs'
import {
  machineTicks,
  ownCpuSeconds,
  processCpuSeconds,
  processMemory,
  settle,
  sleep,
  threadCpuBetween,
  threadCpuSeconds,
  THREAD_GROUPS,
} from './proc.mjs'

const CORES = 2

function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)))
    // No progress bar or table: the bench prints its own.
    instance.on('error', reject)
  })
}

/**
 * Waits (up to `maxMs`) until the process has used at most one clock tick in every 50 ms for
 * `quietMs` in a row. The quiet spell must outlast the search indexer's wait: it starts
 * 250 ms after the recorder's last batch (search-indexer.ts), and a shorter spell ended the
 * run before the index was built, so the indexing landed, uncounted, in the next settle.
 */
async function drain(pid, { maxMs = 30_000, quietMs = 600 } = {}) {
  const deadline = Date.now() + maxMs
  let before = processCpuSeconds(pid)
  let quietSince = Date.now()
  while (Date.now() < deadline) {
    await sleep(50)
    const now = processCpuSeconds(pid)
    if (now === null) return
    if (now - before > 0.0101) quietSince = Date.now()
    else if (Date.now() - quietSince >= quietMs) return
    before = now
  }
}

/**
 * Runs the load and returns its figures. `request` holds method, path, headers, body (one
 * request, repeated). Any non-2xx answer or socket error makes the run invalid: a fast error
 * page must never pass for throughput.
 */
export async function measureLoad({
  server,
  request,
  durationS,
  warmupS,
  connections,
  settleMaxMs,
}) {
  const options = {
    url: server.url + request.path,
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    body: request.body,
    connections,
    pipelining: 1,
  }
  if (warmupS > 0) await runAutocannon({ ...options, duration: warmupS })
  const background = settleMaxMs > 0 ? await settle({ maxMs: settleMaxMs }) : null

  const cpu0 = processCpuSeconds(server.pid)
  const threads0 = threadCpuSeconds(server.pid)
  const own0 = ownCpuSeconds()
  const machine0 = machineTicks()
  let rssPeakMiB = processMemory(server.pid)?.rssMiB ?? NaN
  const sampler = setInterval(() => {
    const rss = processMemory(server.pid)?.rssMiB
    if (rss > rssPeakMiB) rssPeakMiB = rss
  }, 200)
  let result
  const windowStart = process.hrtime.bigint()
  try {
    result = await runAutocannon({ ...options, duration: durationS })
  } finally {
    clearInterval(sampler)
  }
  const windowEnd = process.hrtime.bigint()
  // Cores are read over the window; the work left after it is added to the CPU per request.
  const cpuAtEnd = processCpuSeconds(server.pid)
  const threadsAtEnd = threadCpuSeconds(server.pid)
  const own1 = ownCpuSeconds()
  const machine1 = machineTicks()
  // Work the server still does for this run (requests the generator gave up on, the
  // recorder's last batch, the search index it builds in the pause) is this run's cost, and
  // must not land on the next run.
  await drain(server.pid)
  const cpu1 = processCpuSeconds(server.pid)
  const threads1 = threadCpuSeconds(server.pid)

  const seconds = (result.finish - result.start) / 1000
  const ok = result['2xx']
  const serverCpu = cpu1 - cpu0
  const serverWindowCpu = cpuAtEnd - cpu0
  const generatorCpu = own1 - own0
  const machineCpu =
    ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * CORES * seconds
  const problems = []
  if (result.non2xx > 0) {
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${count}× ${code}`)
    problems.push(`${result.non2xx} non-2xx answers (${statuses.join(', ')})`)
  }
  if (result.errors > 0) problems.push(`${result.errors} socket errors`)
  if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`)
  return {
    valid: problems.length === 0 && ok > 0,
    problems,
    seconds,
    requests: ok,
    reqPerSec: ok / seconds,
    latencyMs: {
      // autocannon's histogram holds whole milliseconds; the mean from Little's law
      // (connections ÷ throughput) is exact for a closed loop like this one.
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: (connections / (ok / seconds)) * 1000,
    },
    serverCpuSeconds: serverCpu,
    serverWindowCpuSeconds: serverWindowCpu,
    generatorCpuSeconds: generatorCpu,
    machineCpuSeconds: machineCpu,
    serverCores: serverWindowCpu / seconds,
    serverCpuUsPerRequest: ok > 0 ? (serverCpu / ok) * 1e6 : null,
    // CPU seconds by thread group (proc.mjs) in the window and in the work left after it.
    threadCpuSeconds: {
      window: threadCpuBetween(threads0, threadsAtEnd),
      after: threadCpuBetween(threadsAtEnd, threads1),
    },
    generatorCores: generatorCpu / seconds,
    otherCores: Math.max(0, (machineCpu - serverWindowCpu - generatorCpu) / seconds),
    backgroundBeforeRun: background,
    rssPeakMiB,
    // CLOCK_MONOTONIC µs, the clock of V8 profile timestamps: lets a profile keep this window.
    windowUs: { fromUs: Number(windowStart / 1000n), toUs: Number(windowEnd / 1000n) },
  }
}

/**
 * Where the CPU of a request went, in µs: each thread group of the server during the load
 * window, all of them in the work left after it, and the load generator. Null without
 * per-thread figures (not Linux).
 */
function cpuBreakdown(slices, requests, generatorCpu) {
  if (slices.some((s) => !s.threadCpuSeconds?.window || !s.threadCpuSeconds?.after)) return null
  const us = (seconds) => (seconds / requests) * 1e6
  const breakdown = {}
  for (const group of THREAD_GROUPS) {
    breakdown[group] = us(slices.reduce((t, s) => t + s.threadCpuSeconds.window[group], 0))
  }
  breakdown.afterWindow = us(
    slices.reduce(
      (t, s) => t + THREAD_GROUPS.reduce((g, group) => g + s.threadCpuSeconds.after[group], 0),
      0,
    ),
  )
  breakdown.generator = us(generatorCpu)
  return breakdown
}

/**
 * One figure set from a scenario's slices: totals for throughput and CPU; for latency, the
 * median of the slices' percentiles (autocannon does not hand out its histogram).
 */
export function combineSlices(slices) {
  const sum = (pick) => slices.reduce((total, slice) => total + pick(slice), 0)
  const seconds = sum((s) => s.seconds)
  const requests = sum((s) => s.requests)
  const serverCpu = sum((s) => s.serverCpuSeconds)
  const serverWindowCpu = sum((s) => s.serverWindowCpuSeconds)
  const generatorCpu = sum((s) => s.generatorCpuSeconds)
  const machineCpu = sum((s) => s.machineCpuSeconds)
  const problems = slices.flatMap((s) => s.problems)
  // A slice shorter than one slow request has no latency to tell.
  const answered = slices.filter((s) => s.requests > 0)
  return {
    valid: problems.length === 0 && requests > 0,
    problems,
    slices: slices.length,
    seconds,
    requests,
    reqPerSec: requests / seconds,
    latencyMs: {
      p50: median(answered.map((s) => s.latencyMs.p50)),
      p99: median(answered.map((s) => s.latencyMs.p99)),
      max: Math.max(0, ...answered.map((s) => s.latencyMs.max)),
      mean: median(answered.map((s) => s.latencyMs.mean)),
    },
    serverCores: serverWindowCpu / seconds,
    serverCpuUsPerRequest: requests > 0 ? (serverCpu / requests) * 1e6 : null,
    cpuUsPerRequest: requests > 0 ? cpuBreakdown(slices, requests, generatorCpu) : null,
    generatorCores: generatorCpu / seconds,
    otherCores: Math.max(0, (machineCpu - serverWindowCpu - generatorCpu) / seconds),
    rssPeakMiB: Math.max(...slices.map((s) => s.rssPeakMiB)),
  }
}

/** Fires exactly `amount` requests as fast as the server takes them (used to fill the recorder). */
export async function fire({ server, requests, amount, connections }) {
  const result = await runAutocannon({
    url: server.url,
    requests,
    amount,
    connections,
    pipelining: 1,
  })
  return {
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: (result.finish - result.start) / 1000,
  }
}
