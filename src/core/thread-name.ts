import { writeFileSync } from 'node:fs'
import { isMainThread } from 'node:worker_threads'

/**
 * The names Gatehouse gives its own worker threads. Linux keeps at most 15 bytes. The bench
 * (scripts/bench/proc.mjs) tells them apart by these names from libuv's threadpool and V8's
 * helper threads, which are all called after the process.
 */
export const THREAD_NAMES = {
  traceWriter: 'gh-trace-writer',
  workspaceLoader: 'gh-workspace',
  checkpointer: 'gh-checkpoint',
} as const

/**
 * Names the calling worker thread for the operating system: what `top -H`, `perf` and
 * /proc/<pid>/task/<tid>/comm show. Linux only (a thread may rename itself through
 * /proc/thread-self); elsewhere, or where /proc is not writable, it does nothing. Never on
 * the main thread, whose name is the process's.
 */
export function nameThisThread(name: string): void {
  if (isMainThread || process.platform !== 'linux') return
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15))
  } catch {
    // A name is a convenience for diagnostics; the thread works the same without it.
  }
}
