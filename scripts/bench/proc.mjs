// Readers of /proc (Linux): the CPU time and memory of a process, and how busy the machine
// is. CPU time is what makes figures comparable on a shared machine: "server cores" is the
// share of the 2 cores the server actually got, whatever else was running.
import { readdirSync, readFileSync } from 'node:fs'

// Linux reports process CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICKS_PER_SECOND = 100

/** User + system CPU seconds a process has used (all its threads), or null when it is gone. */
export function processCpuSeconds(pid) {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return null
  }
}

/** User + system CPU seconds in a /proc stat line (fields 14 and 15, after the name). */
function statCpuSeconds(stat) {
  // The command name may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/**
 * Where a server's CPU goes, by thread: `request` is the main thread (the event loop),
 * `recorder` the trace writer, `gatehouse` Gatehouse's other worker threads (checkpoints, the
 * workspace file) — they name themselves "gh-…" (src/core/thread-name.ts) —, and `pool` the
 * rest: libuv's threadpool (RS256 signing, file reads) and V8's helper threads (GC, compiler).
 */
export const THREAD_GROUPS = ['request', 'recorder', 'gatehouse', 'pool']

function threadGroup(pid, tid, name) {
  if (tid === String(pid)) return 'request'
  if (name === 'gh-trace-writer') return 'recorder'
  if (name.startsWith('gh-')) return 'gatehouse'
  return 'pool'
}

/**
 * CPU seconds of each thread of a process, by thread id: { group, seconds }. Null when the
 * process is gone or /proc has no per-thread figures (not Linux).
 */
export function threadCpuSeconds(pid) {
  try {
    const threads = new Map()
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        threads.set(tid, { group: threadGroup(pid, tid, name), seconds: statCpuSeconds(stat) })
      } catch {
        // The thread ended between the listing and the read: its time is lost to both ends.
      }
    }
    return threads
  } catch {
    return null
  }
}

/**
 * CPU seconds by group (THREAD_GROUPS) between two snapshots. A thread that started in
 * between counts from zero; one that ended in between is not counted (Gatehouse's worker
 * threads that come and go do so outside a load run).
 */
export function threadCpuBetween(before, after) {
  if (!before || !after) return null
  const groups = Object.fromEntries(THREAD_GROUPS.map((group) => [group, 0]))
  for (const [tid, thread] of after) {
    groups[thread.group] += thread.seconds - (before.get(tid)?.seconds ?? 0)
  }
  return groups
}

/** Resident memory of a process in MiB (VmRSS; VmHWM is the peak), or null when it is gone. */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 }
  } catch {
    return null
  }
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function machineTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = values[3] + (values[4] ?? 0)
  const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0)
  return { busy: total - idle, total }
}

/** CPU time of this process (the load generator) in seconds. */
export function ownCpuSeconds() {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

/**
 * Waits until the machine has been mostly idle for a moment (other tenants, the last run's
 * WAL checkpoint), up to `maxMs`. Returns the busy share seen in the last sample, 0..1.
 */
export async function settle({ maxMs = 3000, idleBelow = 0.15, sampleMs = 250 } = {}) {
  const deadline = Date.now() + maxMs
  let busy = 1
  while (Date.now() < deadline) {
    const a = machineTicks()
    await sleep(sampleMs)
    const b = machineTicks()
    busy = (b.busy - a.busy) / Math.max(1, b.total - a.total)
    if (busy < idleBelow) break
  }
  return busy
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
