import { execFile } from 'node:child_process'
import { readFileSync, readlinkSync } from 'node:fs'

/**
 * Linux scheduling policies for one thread. `idle` (SCHED_IDLE) runs a thread only on CPU
 * time no ordinary thread wants: a request thread that wakes up takes the core at once, and
 * the kernel places it on a core running only idle work as if that core were free. `normal`
 * is SCHED_OTHER, what every thread starts with.
 */
export type ThreadPolicy = 'idle' | 'normal'

/** The calling thread's kernel id (Linux), or null where there is no /proc/thread-self. */
export function currentThreadId(): number | null {
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(tid) && tid > 0 ? tid : null
  } catch {
    return null
  }
}

// CAP_SYS_NICE, bit 23 of the capability sets in /proc/<pid>/status.
const CAP_SYS_NICE = 23n

/**
 * Whether a thread of this process, once idle, may be made normal again. Lowering a thread
 * needs no privilege, raising it back does: CAP_SYS_NICE, or an RLIMIT_NICE soft limit of 20
 * or more (it allows nice 0; the kernel treats SCHED_IDLE as nice 20). Without either, a
 * writer made idle would stay idle, and starve on a machine busy with other work — so it is
 * never made idle. `status` and `limits`: the text of /proc/self/status and /proc/self/limits.
 */
export function mayRestoreNormal(status: string, limits: string): boolean {
  const caps = /^CapEff:\s*([0-9a-f]+)\s*$/im.exec(status)
  if (caps && (BigInt(`0x${caps[1]}`) >> CAP_SYS_NICE) & 1n) return true
  const nice = /^Max nice priority\s+(\S+)/im.exec(limits)
  if (!nice) return false
  return nice[1] === 'unlimited' || Number(nice[1]) >= 20
}

/** mayRestoreNormal for this process; false off Linux. */
export function processMayRestoreNormal(): boolean {
  if (process.platform !== 'linux') return false
  try {
    return mayRestoreNormal(
      readFileSync('/proc/self/status', 'utf8'),
      readFileSync('/proc/self/limits', 'utf8'),
    )
  } catch {
    return false
  }
}

/**
 * Sets a thread's policy with util-linux's `chrt` (Node has no call for it). Resolves to
 * whether it worked; never rejects (no chrt, no permission, the thread gone: false).
 */
export function setThreadPolicy(tid: number, policy: ThreadPolicy): Promise<boolean> {
  const flag = policy === 'idle' ? '--idle' : '--other'
  return new Promise((resolve) => {
    execFile('chrt', [flag, '-p', '0', String(tid)], { timeout: 5000 }, (error) => resolve(!error))
  })
}
