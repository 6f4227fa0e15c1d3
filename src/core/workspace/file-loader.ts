import { statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { WorkspaceValidationError } from './errors'
import type { LoaderCommand, LoaderReport, LoaderThreadData } from './file-loader-protocol'

/**
 * A workspace file read, validated and loaded on a thread of its own, which then ends.
 *
 * Why a thread: parsing and loading a large file (the bench's has 10,000 records) leaves the
 * engine's heap holding a young generation whose every page was touched, and V8 keeps those
 * pages for the life of the process: measured, 146–148 MiB at rest after such a start against
 * 121–123 MiB for the same data opened again (docs/benchmarks.md, "Memory"). On a thread of its
 * own that heap goes away with the thread.
 *
 * Starting the thread costs about 200 ms (its own isolate, its own copy of the modules), so
 * only a large file — many records — is loaded this way; a small one leaves little behind.
 *
 * The order is the one createGatehouse keeps in process: the file is validated before the
 * database is touched (a bad file changes nothing), then loaded once the engine has opened
 * the database, through a second connection. The engine has read nothing from the workspace
 * by then, so it holds nothing stale.
 */
/** From this size on a workspace file is loaded on its own thread (the bench's 10k records: 1.5 MB). */
export const LOADER_THREAD_MIN_BYTES = 512 * 1024

/** Whether `file` is worth a thread; a file that cannot be read is left to the in-process path's error. */
export function worthAThread(file: string): boolean {
  try {
    return statSync(file).size >= LOADER_THREAD_MIN_BYTES
  } catch {
    return false
  }
}

export class WorkspaceFileLoader {
  private readonly worker: Worker
  private readonly reports: LoaderReport[] = []
  private waiting: ((report: LoaderReport) => void) | null = null
  private exited = false

  private constructor(script: string, file: string) {
    const data: LoaderThreadData = { file }
    this.worker = new Worker(script, { workerData: data })
    this.worker.on('message', (report: LoaderReport) => this.deliver(report))
    this.worker.on('error', (error) =>
      this.deliver({ type: 'failed', name: error.name, message: error.message }),
    )
    this.worker.on('exit', (code) => {
      this.exited = true
      this.deliver({
        type: 'failed',
        name: 'Error',
        message: `the workspace loader thread ended early (exit code ${code})`,
      })
    })
  }

  /** Starts reading `file`; resolves once it is known to be valid, else throws as in process. */
  static async validate(script: string, file: string): Promise<WorkspaceFileLoader> {
    const loader = new WorkspaceFileLoader(script, file)
    await loader.expect('valid')
    return loader
  }

  /** Loads the validated workspace into the database file the engine has opened. */
  async load(databaseFile: string): Promise<void> {
    this.send({ type: 'load', databaseFile })
    await this.expect('loaded')
    await this.ended()
  }

  /** The database could not be opened: the thread ends without loading anything. */
  async cancel(): Promise<void> {
    this.send({ type: 'cancel' })
    await this.ended()
  }

  private send(command: LoaderCommand): void {
    if (!this.exited) this.worker.postMessage(command)
  }

  private async expect(type: 'valid' | 'loaded'): Promise<void> {
    const report = await this.next()
    if (report.type === type) return
    if (report.type !== 'failed') throw new Error(`the workspace loader said "${report.type}"`)
    await this.ended()
    throw rebuildError(report)
  }

  private next(): Promise<LoaderReport> {
    const queued = this.reports.shift()
    if (queued) return Promise.resolve(queued)
    return new Promise((resolve) => (this.waiting = resolve))
  }

  private deliver(report: LoaderReport): void {
    const waiting = this.waiting
    if (waiting) {
      this.waiting = null
      waiting(report)
    } else this.reports.push(report)
  }

  private ended(): Promise<void> {
    if (this.exited) return Promise.resolve()
    return new Promise((resolve) => this.worker.once('exit', () => resolve()))
  }
}

/** The thread's error as the in-process load would have thrown it. */
function rebuildError(report: Extract<LoaderReport, { type: 'failed' }>): Error {
  if (report.issues) return new WorkspaceValidationError(report.issues)
  const error = new Error(report.message) as NodeJS.ErrnoException
  error.name = report.name
  if (report.code) error.code = report.code
  return error
}
