import type { Database } from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { UI_PREFIX, type TraceStatsResponse } from '../../shared/admin-api'
import type { Clock } from '../policy/clock'
import { TraceStore } from '../store/trace-store'
import { installCapture } from './capture'
import type { CapturedExchange } from './captured'
import { TraceEvents } from './events'
import { encodeExchange } from './batch-codec'
import type { BatchResult, TraceTotals } from './writer'
import {
  InProcessWriterPort,
  ThreadWriterPort,
  WriterNeverStarted,
  type WriterPort,
} from './writer-port'
import { LazyWriterPort } from './lazy-writer-port'
import { PendingBatches } from '../store/pending-batches'

export interface RecorderOptions {
  /** Keep at most this many exchanges (oldest pruned first). */
  maxExchanges?: number
  /** Keep at most about this many bytes of exchanges. */
  maxBytes?: number
  /** Bodies are cut at this many bytes (the cut is noted on the body). */
  maxBodyBytes?: number
  /** Group commit: a batch is written this long after its first exchange … */
  flushIntervalMs?: number
  /** … or as soon as it holds this many. */
  maxBatch?: number
}

export interface RecorderDeps {
  /** The trace database (store/trace-database.ts); this thread reads it. */
  traceDb: Database
  clock: Clock
  /** The grant an access or refresh token (by SHA-256) belongs to (the OAuth store). */
  grantOfToken(tokenHash: string): string | undefined
  /**
   * Run the writer on its own thread: the bundled writer-thread script, and the files it
   * opens. Without it the writer runs on this thread (tests, embedders).
   */
  thread?: {
    script: string
    traceFile: string
    mainFile: string
    /** Let the writer yield to requests under load (writer-priority.ts); default: where it can. */
    yieldUnderLoad?: boolean
  }
  /** Told when a batch could not be written (the message never holds request data). */
  onWriteError?(message: string): void
}

export const RECORDER_DEFAULTS = {
  maxExchanges: 10_000,
  maxBytes: 128 * 1024 * 1024,
  maxBodyBytes: 64 * 1024,
  flushIntervalMs: 10,
  maxBatch: 1000,
} as const

// Backpressure: when the writer thread is this far behind (characters of batches handed over
// and not yet written, about 4 KB an exchange), new requests wait until it is down to the
// low mark. Memory stays bounded, and no exchange is dropped, when requests come faster than
// they can be recorded (a load test on a small machine).
const BACKLOG_HIGH = 16 * 1024 * 1024
const BACKLOG_LOW = 4 * 1024 * 1024

// Everything the UI serves and the admin API is the workbench, not the emulated org.
const IGNORED_PREFIX = UI_PREFIX.replace(/\/$/, '')

/**
 * Records every exchange with the emulated org. The hooks only queue references; a few
 * milliseconds later (or once a batch is full) the batch goes to the writer, which builds
 * the rows, ties them into flows and writes the whole batch in one transaction — group
 * commit, and a crash loses at most the batch not yet committed. In the CLI and the desktop
 * app the writer has a thread of its own, so recording costs the request thread little more
 * than handing the batch over; under load that thread sets batches aside and builds them in
 * the pauses, or at once for whoever flushes (set-aside.ts). Events go out after the commit,
 * so whoever hears of an exchange can read it.
 */
export class Recorder {
  /**
   * A first listener has the writer build what it set aside while nobody listened, so that
   * what is built from then on is announced.
   */
  readonly events = new TraceEvents(() => void this.flush())
  /** Reads of the trace (the admin API); the writer's commits are visible once announced. */
  readonly store: TraceStore
  readonly limits: Required<RecorderOptions>
  /** Encoded exchanges waiting for the next flush, and their total length. */
  private queue: string[] = []
  private queuedChars = 0
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null
  private port: WriterPort
  private totals: TraceTotals
  private closed: Promise<void> | null = null

  constructor(
    private readonly deps: RecorderDeps,
    options: RecorderOptions = {},
  ) {
    this.limits = { ...RECORDER_DEFAULTS, ...definedOnly(options) }
    this.store = new TraceStore(deps.traceDb)
    const { count, bytes } = this.store.totals()
    this.totals = { exchanges: count, bytes, flows: this.store.flowCount() }
    this.port = deps.thread ? this.threadPort(deps.thread) : this.inProcessPort(this.totals)
  }

  /** Adds the capture hooks to a server (before its routes and other hooks). */
  install(app: FastifyInstance): void {
    installCapture(app, {
      clock: this.deps.clock,
      ignorePrefix: IGNORED_PREFIX,
      sink: (exchange) => this.enqueue(exchange),
      admit: () => (this.port.backlog() > BACKLOG_HIGH ? this.port.drained(BACKLOG_LOW) : null),
    })
  }

  /**
   * Queues an exchange for the next batch. It is encoded now, as the request ends: its data
   * is still in the CPU cache, and nothing of the request stays referenced until the flush.
   */
  enqueue(exchange: CapturedExchange): void {
    if (this.closed) return
    let encoded: string
    try {
      encoded = encodeExchange(exchange)
    } catch (error) {
      // A bug in recording must never fail the request being recorded.
      this.reportError(`an exchange could not be recorded: ${(error as Error).message}`)
      return
    }
    this.queue.push(encoded)
    this.queuedChars += encoded.length
    if (this.queue.length >= this.limits.maxBatch) {
      this.immediate ??= setImmediate(() => void this.handOver(true))
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.handOver(true), this.limits.flushIntervalMs)
      this.timer.unref()
    }
  }

  /**
   * Hands everything queued to the writer; resolves, with how many exchanges were written,
   * once they (and every batch before them, those set aside under load included) are
   * committed and announced. Whoever reads the trace calls this first.
   */
  flush(): Promise<number> {
    return this.handOver(false)
  }

  /**
   * `setAside`: the recorder's own flushes, which nobody waits for: under load the writer may
   * build the batch in its next pause (set-aside.ts) — unless someone listens for events.
   */
  private async handOver(setAside: boolean): Promise<number> {
    this.cancelTimers()
    const batch = this.queue
    const chars = this.queuedChars
    this.queue = []
    this.queuedChars = 0
    const announce = this.events.listenerCount() > 0
    const port = this.port
    let result: BatchResult
    try {
      result = await port.write(batch, chars, announce, setAside)
    } catch (error) {
      // A thread that never started (it starts with the first batch) wrote none of it: the
      // writer that took over on this thread writes the batch instead.
      if (!(error instanceof WriterNeverStarted) || this.port === port)
        return this.lost(batch, error)
      try {
        result = await this.port.write(batch, chars, announce, false)
      } catch (again) {
        return this.lost(batch, again)
      }
    }
    for (const message of result.errors) this.reportError(message)
    this.totals = result.totals
    this.announce(result)
    return result.written
  }

  private lost(batch: readonly string[], error: unknown): number {
    if (batch.length > 0) {
      this.reportError(`${batch.length} exchange(s) were not recorded: ${(error as Error).message}`)
    }
    return 0
  }

  /** Deletes every recorded exchange and flow (and what was queued). */
  async clear(): Promise<void> {
    this.cancelTimers()
    this.queue = []
    this.queuedChars = 0
    this.totals = await this.port.clear()
    this.events.emit({ type: 'cleared' })
  }

  /** Writes what is queued, stops recording and closes the trace database. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // Builds what was set aside too: whatever opens the trace next finds it all.
      await this.flush()
      this.cancelTimers()
      await this.port.close()
      if (this.deps.traceDb.open) this.deps.traceDb.close()
    })()
    return this.closed
  }

  stats(): TraceStatsResponse {
    return {
      enabled: true,
      exchanges: this.totals.exchanges,
      flows: this.totals.flows,
      bytes: this.totals.bytes,
      maxExchanges: this.limits.maxExchanges,
      maxBytes: this.limits.maxBytes,
      maxBodyBytes: this.limits.maxBodyBytes,
      searchIndexPending: this.store.unindexedCount(),
    }
  }

  /** `totals`: as counted at start; a writer taking over from a failed thread counts again. */
  private inProcessPort(totals?: TraceTotals): WriterPort {
    return new InProcessWriterPort(
      this.deps.traceDb,
      this.deps.grantOfToken,
      this.limits,
      totals,
      (message) => this.reportError(message),
    )
  }

  /**
   * The writer thread, started at the first batch (lazy-writer-port.ts) — or now, when the
   * trace holds work for it: batches set aside before a crash, exchanges not yet indexed.
   */
  private threadPort(thread: NonNullable<RecorderDeps['thread']>): WriterPort {
    const port = new LazyWriterPort(
      () => this.startThread(thread),
      () => this.totals,
    )
    if (this.store.unindexedCount() > 0 || new PendingBatches(this.deps.traceDb).any()) {
      port.startNow()
    }
    return port
  }

  private startThread(thread: NonNullable<RecorderDeps['thread']>): WriterPort {
    return new ThreadWriterPort(
      thread.script,
      {
        traceFile: thread.traceFile,
        mainFile: thread.mainFile,
        limits: {
          maxExchanges: this.limits.maxExchanges,
          maxBytes: this.limits.maxBytes,
          maxBodyBytes: this.limits.maxBodyBytes,
        },
        totals: this.totals,
      },
      (message) => {
        // Recording goes on, on this thread: slower under load, but nothing more is lost.
        this.reportError(`the writer thread stopped (${message}); recording on the engine's thread`)
        if (!this.closed) this.port = this.inProcessPort()
      },
      { yieldUnderLoad: thread.yieldUnderLoad, onWarning: (message) => this.reportError(message) },
    )
  }

  private reportError(message: string): void {
    this.deps.onWriteError?.(message)
  }

  private announce(result: BatchResult): void {
    if (this.events.listenerCount() === 0) return
    for (const exchange of result.exchanges) this.events.emit({ type: 'exchange', exchange })
    for (const flow of result.flows) this.events.emit({ type: 'flow', flow })
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>
}
