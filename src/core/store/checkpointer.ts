import type { Database } from 'better-sqlite3'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { THREAD_NAMES } from '../thread-name'

/**
 * Checkpoints of the WAL, off the event loop. With synchronous=NORMAL a commit only appends
 * to the WAL; the checkpoint that copies the WAL back into the database is where SQLite
 * fsyncs (twice), and by default it runs inside whichever commit crosses 1000 pages — on
 * the request path. Measured under load on the token endpoint, those checkpoints took about
 * a quarter of the server's time. Here a worker thread with its own connection runs passive
 * checkpoints (they never block the writer) every few milliseconds instead.
 *
 * A passive checkpoint cannot restart the WAL while the writer keeps appending, so under
 * sustained load the file would only grow. When the worker reports a large WAL, the writer
 * runs one checkpoint itself between two commits: nearly everything is copied already, so
 * it is short, and the next commit starts the WAL over. The writer keeps SQLite's automatic
 * checkpoint at a high mark too, so the WAL stays bounded even if the worker stops.
 *
 * The worker only runs while the engine writes. A worker thread is a V8 isolate of its own,
 * about 8 MiB of the engine's memory (measured: 10 MiB more with it, 2–3 left once it has
 * exited), and an engine sits idle most of its life (a person reading a trace). So once
 * there has been nothing new to copy and nothing written for `idleStopMs`, the worker exits;
 * a cheap look at the connection's change count (`watchMs`) starts it again at the next
 * write. Until it is up, the WAL just grows a little: nothing runs on the request path.
 */

export interface CheckpointerOptions {
  /** How often the worker checkpoints, in ms. */
  intervalMs?: number
  /** WAL pages (frames) at which the writer restarts the WAL itself. */
  restartFrames?: number
  /** With nothing to copy and nothing written for this long, the worker exits (ms). */
  idleStopMs?: number
  /** How often the connection's change count is looked at, to stop or start the worker (ms). */
  watchMs?: number
  /** Told once when the worker fails; checkpoints then run inline again. */
  onError?(message: string): void
}

export const CHECKPOINTER_DEFAULTS = {
  intervalMs: 50,
  restartFrames: 8192,
  idleStopMs: 10_000,
  watchMs: 1_000,
} as const
// SQLite's automatic checkpoint: 1000 pages is its default; the fallback while the worker runs.
const INLINE_CHECKPOINT_PAGES = 1000
const FALLBACK_CHECKPOINT_FACTOR = 8

interface WorkerReport {
  type: 'checkpointed' | 'error'
  log?: number
  checkpointed?: number
  message?: string
}

// The worker's code travels as a string so every bundle (CLI, Electron main, tests) carries
// it without a separate entry file; the driver's path is resolved here and handed over.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
// Named for the operating system, as nameThisThread (thread-name.ts) names the others.
try {
  if (process.platform === 'linux') require('node:fs').writeFileSync('/proc/thread-self/comm', workerData.threadName)
} catch {}
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 1000 })
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    if (result.log > 0) parentPort.postMessage({ type: 'checkpointed', log: result.log, checkpointed: result.checkpointed })
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) })
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export class Checkpointer {
  /** The worker while it runs; null while it sleeps (nothing written) and after a failure. */
  private worker: Worker | null = null
  private failed = false
  private restartQueued = false
  /** How many times the writer restarted the WAL at the worker's request. */
  restarts = 0
  private stopped: Promise<void> | null = null
  private readonly watch: NodeJS.Timeout
  private readonly totalChanges: () => number
  private lastChanges: number
  /** When there was last something written or copied (performance.now()). */
  private lastProgressAt = performance.now()
  private lastReport = { log: -1, checkpointed: -1 }

  private constructor(
    private readonly db: Database,
    private readonly file: string,
    private readonly options: Required<Omit<CheckpointerOptions, 'onError'>> &
      Pick<CheckpointerOptions, 'onError'>,
  ) {
    const changes = db.prepare('SELECT total_changes()').pluck()
    this.totalChanges = () => changes.get() as number
    this.lastChanges = this.totalChanges()
    // At start: a workspace just loaded may have left a large WAL to copy.
    this.wake()
    this.watch = setInterval(() => this.look(), options.watchMs)
    this.watch.unref()
    db.pragma(`wal_autocheckpoint = ${options.restartFrames * FALLBACK_CHECKPOINT_FACTOR}`)
  }

  /** Starts background checkpoints for a file database (none for `:memory:`). */
  static start(db: Database, file: string, options: CheckpointerOptions = {}): Checkpointer | null {
    if (file === ':memory:') return null
    return new Checkpointer(db, file, {
      intervalMs: options.intervalMs ?? CHECKPOINTER_DEFAULTS.intervalMs,
      restartFrames: options.restartFrames ?? CHECKPOINTER_DEFAULTS.restartFrames,
      idleStopMs: options.idleStopMs ?? CHECKPOINTER_DEFAULTS.idleStopMs,
      watchMs: options.watchMs ?? CHECKPOINTER_DEFAULTS.watchMs,
      onError: options.onError,
    })
  }

  /** Whether checkpoints run in the background (the worker awake or asleep), not inline. */
  get running(): boolean {
    return !this.failed && !this.stopped
  }

  /** Whether the worker runs now (it sleeps while nothing is written). */
  get awake(): boolean {
    return this.worker !== null
  }

  /** Stops the worker (its connection closes) and gives checkpoints back to the writer. */
  stop(): Promise<void> {
    this.stopped ??= this.stopAll()
    return this.stopped
  }

  private async stopAll(): Promise<void> {
    clearInterval(this.watch)
    const worker = this.worker
    this.worker = null
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      // Held until it has exited: an unreferenced worker would let the process end mid-stop.
      worker.ref()
      worker.postMessage('stop')
      await exited
    }
    if (!this.failed) this.inlineCheckpoints()
  }

  private wake(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver,
        file: this.file,
        intervalMs: this.options.intervalMs,
        threadName: THREAD_NAMES.checkpointer,
      },
    })
    // Never keeps the process alive on its own; stop() ends it properly.
    worker.unref()
    worker.on('message', (report: WorkerReport) => this.onReport(report))
    worker.on('error', (error) => this.fail(error.message))
    this.worker = worker
    this.lastProgressAt = performance.now()
    this.lastReport = { log: -1, checkpointed: -1 }
  }

  /** The worker exits: its thread and heap go away until the next write wakes it. */
  private sleep(): void {
    const worker = this.worker
    if (!worker) return
    this.worker = null
    worker.postMessage('stop')
  }

  /** Starts the worker when something was written, stops it after a quiet spell. */
  private look(): void {
    if (this.failed || this.stopped || !this.db.open) return
    const changes = this.totalChanges()
    const wrote = changes !== this.lastChanges
    this.lastChanges = changes
    if (wrote) this.lastProgressAt = performance.now()
    if (!this.worker) {
      if (wrote) this.wake()
    } else if (performance.now() - this.lastProgressAt >= this.options.idleStopMs) {
      this.sleep()
    }
  }

  private onReport(report: WorkerReport): void {
    const log = report.log ?? -1
    const checkpointed = report.checkpointed ?? -1
    // New frames in the WAL, or more of them copied: not idle. (An error report is neither.)
    if (
      report.type === 'checkpointed' &&
      (log !== this.lastReport.log || checkpointed !== this.lastReport.checkpointed)
    ) {
      this.lastProgressAt = performance.now()
      this.lastReport = { log, checkpointed }
    }
    if (report.type === 'error') {
      // A busy moment is normal (another checkpoint ran); anything else is worth telling.
      if (!/busy|locked/i.test(report.message ?? '')) this.options.onError?.(report.message ?? '')
      return
    }
    if ((report.log ?? 0) >= this.options.restartFrames && !this.restartQueued) {
      this.restartQueued = true
      setImmediate(() => this.restartWal())
    }
  }

  private restartWal(): void {
    this.restartQueued = false
    if (!this.db.open) return
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)')
      this.restarts += 1
    } catch (error) {
      this.options.onError?.((error as Error).message)
    }
  }

  private fail(message: string): void {
    if (this.failed) return
    this.failed = true
    clearInterval(this.watch)
    this.options.onError?.(`background checkpoints stopped: ${message}`)
    this.worker = null
    this.inlineCheckpoints()
  }

  private inlineCheckpoints(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`)
  }
}
