import type { Database } from 'better-sqlite3'
import { Worker } from 'node:worker_threads'
import { TraceWriter, type BatchResult, type TraceLimits, type TraceTotals } from './writer'
import type { ThreadReply, ThreadRequest, WriterThreadData } from './writer-protocol'
import { processMayRestoreNormal, setThreadPolicy } from './thread-policy'
import { WriterPriority, type WriterPriorityOptions } from './writer-priority'

/** How the recorder reaches its writer: on this thread, or on the writer's own. */
export interface WriterPort {
  /** Characters of batches handed over and not yet written (0 on the engine's thread). */
  backlog(): number
  /** Resolves once the backlog is down to `chars` or less. */
  drained(chars: number): Promise<void>
  /**
   * Writes encoded exchanges (batch-codec.ts); `chars`: their total length. `announce`: also
   * return the summaries of what was written (for events). `setAside`: the batch may wait for
   * the writer's next pause (TraceWriter.write); false builds everything first.
   */
  write(batch: string[], chars: number, announce: boolean, setAside: boolean): Promise<BatchResult>
  clear(): Promise<TraceTotals>
  /** Finishes what was sent and closes the writer's connections. */
  close(): Promise<void>
}

/** The writer on the engine's thread: every call has done its work when it returns. */
export class InProcessWriterPort implements WriterPort {
  private readonly writer: TraceWriter

  constructor(
    db: Database,
    grantOfToken: (hash: string) => string | undefined,
    limits: TraceLimits,
    totals?: TraceTotals,
    onWarning?: (message: string) => void,
  ) {
    this.writer = new TraceWriter({ db, grantOfToken, onWarning }, limits, totals)
  }

  backlog(): number {
    return 0
  }

  drained(): Promise<void> {
    return Promise.resolve()
  }

  /**
   * Never sets a batch aside: on the engine's thread, building it later would cost the same
   * thread the same work.
   */
  write(batch: string[], _chars: number, announce: boolean): Promise<BatchResult> {
    return Promise.resolve(this.writer.write(batch, announce))
  }

  clear(): Promise<TraceTotals> {
    return Promise.resolve(this.writer.clear())
  }

  close(): Promise<void> {
    this.writer.stop()
    return Promise.resolve()
  }
}

export interface ThreadWriterOptions {
  /**
   * Make the writer thread idle under load (writer-priority.ts). Default: where this process
   * may make it normal again (Linux, with CAP_SYS_NICE or a high enough RLIMIT_NICE).
   */
  yieldUnderLoad?: boolean
  /** When to yield (the defaults suit a server; tests shorten them). */
  priority?: Partial<WriterPriorityOptions>
  /** Told of a problem that does not stop the writer. */
  onWarning?(message: string): void
}

/**
 * The writer thread failed before it started (its script could not load): nothing handed to
 * it was written, so the batches may go to the writer that takes over.
 */
export class WriterNeverStarted extends Error {}

interface Waiting {
  resolve(value: never): void
  reject(error: Error): void
}

/**
 * The writer on a worker thread (trace-writer.js). Building rows, correlating flows, the
 * SQLite writes, pruning and the trace database's checkpoints all happen there; this thread
 * only hands batches over. Replies come back in the order the requests went out.
 */
export class ThreadWriterPort implements WriterPort {
  private readonly worker: Worker
  private readonly waiting = new Map<number, Waiting>()
  private seq = 0
  private failure: Error | null = null
  private closing: Promise<void> | null = null
  private pendingChars = 0
  private drainWaiters: Array<{ chars: number; resolve(): void }> = []
  /** Set once the thread says who it is, when it is to yield under load. */
  private priority: WriterPriority | null = null
  private readonly yieldUnderLoad: boolean
  private threadId: number | null = null
  /** Set once the thread has said it is up: before that it cannot have written anything. */
  private ready = false

  constructor(
    script: string,
    data: WriterThreadData,
    private readonly onFailure: (message: string) => void,
    private readonly options: ThreadWriterOptions = {},
  ) {
    this.yieldUnderLoad = options.yieldUnderLoad ?? processMayRestoreNormal()
    this.worker = new Worker(script, { workerData: data })
    this.worker.on('message', (reply: ThreadReply) => this.onReply(reply))
    this.worker.on('error', (error) => this.fail(error))
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the trace writer thread exited (code ${code})`))
    })
  }

  backlog(): number {
    return this.pendingChars
  }

  /** The writer thread's kernel id once it has started (Linux), for diagnostics and tests. */
  writerThreadId(): number | null {
    return this.threadId
  }

  drained(chars: number): Promise<void> {
    if (this.pendingChars <= chars || this.failure) return Promise.resolve()
    return new Promise((resolve) => this.drainWaiters.push({ chars, resolve }))
  }

  write(
    batch: string[],
    chars: number,
    announce: boolean,
    setAside: boolean,
  ): Promise<BatchResult> {
    this.pendingChars += chars
    // An array of flat strings: the message copies each as it is (joining them first would
    // be one more copy of everything, and measured slower).
    return this.request<BatchResult>((seq) => {
      this.priority?.sent(seq, batch.length)
      return { type: 'write', seq, batch, announce, setAside }
    }).finally(() => this.settled(chars))
  }

  private settled(chars: number): void {
    this.pendingChars -= chars
    if (this.drainWaiters.length === 0) return
    const still: typeof this.drainWaiters = []
    for (const waiter of this.drainWaiters) {
      if (this.pendingChars <= waiter.chars) waiter.resolve()
      else still.push(waiter)
    }
    this.drainWaiters = still
  }

  clear(): Promise<TraceTotals> {
    return this.request((seq) => ({ type: 'clear', seq }))
  }

  close(): Promise<void> {
    this.closing ??= this.failure
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.once('exit', () => resolve())
          // An idle writer on a busy machine would take its time to finish.
          void this.priority?.stop()
          this.request<void>((seq) => ({ type: 'close', seq })).catch(() => resolve())
        })
    return this.closing
  }

  private request<T>(message: (seq: number) => ThreadRequest): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    const seq = ++this.seq
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, { resolve: resolve as (value: never) => void, reject })
      this.worker.postMessage(message(seq))
    }).finally(() => this.waiting.delete(seq))
  }

  private onReply(reply: ThreadReply): void {
    if (reply.type === 'ready') {
      this.ready = true
      this.startPriority(reply.threadId)
      return
    }
    if (reply.type === 'warning') {
      this.options.onWarning?.(reply.message)
      return
    }
    this.priority?.answered(reply.seq)
    const waiting = this.waiting.get(reply.seq)
    if (!waiting) return
    switch (reply.type) {
      case 'written':
        waiting.resolve(reply.result as never)
        break
      case 'cleared':
        waiting.resolve(reply.totals as never)
        break
      case 'closed':
        waiting.resolve(undefined as never)
        break
      case 'failed':
        waiting.reject(new Error(reply.message))
        break
    }
  }

  private startPriority(threadId: number | null): void {
    this.threadId = threadId
    if (!this.yieldUnderLoad || threadId === null || this.closing) return
    this.priority = new WriterPriority(
      {
        setPolicy: (policy) => setThreadPolicy(threadId, policy),
        now: () => performance.now(),
        onError: (message) => this.options.onWarning?.(message),
      },
      this.options.priority,
    )
  }

  private fail(error: Error): void {
    if (this.failure) return
    void this.priority?.stop()
    const failure = this.ready ? error : new WriterNeverStarted(error.message)
    this.failure = failure
    for (const waiting of this.waiting.values()) waiting.reject(failure)
    this.waiting.clear()
    for (const waiter of this.drainWaiters) waiter.resolve()
    this.drainWaiters = []
    this.onFailure(failure.message)
  }
}
