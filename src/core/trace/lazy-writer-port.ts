import type { BatchResult, TraceTotals } from './writer'
import type { WriterPort } from './writer-port'

/**
 * The writer thread, started when there is first something to write. A worker thread is a V8
 * isolate of its own, about 10 MiB of the engine's memory, and an engine often sits waiting
 * for its first request (the desktop app just opened, a `gatehouse serve` in CI before the
 * tests begin). Until the first batch a flush has nothing to hand over, so it answers at once.
 *
 * Once started the thread stays: it holds what ties exchanges into flows (flows.ts keeps a
 * flow's codes and request ids in memory), and a person on a login page must not find their
 * authorization request cut from its token request because the writer slept meanwhile.
 */
export class LazyWriterPort implements WriterPort {
  private port: WriterPort | null = null

  constructor(
    private readonly start: () => WriterPort,
    /** What the trace holds now (the recorder's count): what a flush answers before the start. */
    private readonly totals: () => TraceTotals,
  ) {}

  /** Whether the thread has been started. */
  get started(): boolean {
    return this.port !== null
  }

  /** Starts the thread now: the trace holds work left from before (set aside, not indexed). */
  startNow(): void {
    this.port ??= this.start()
  }

  backlog(): number {
    return this.port?.backlog() ?? 0
  }

  drained(chars: number): Promise<void> {
    return this.port ? this.port.drained(chars) : Promise.resolve()
  }

  write(...args: Parameters<WriterPort['write']>): Promise<BatchResult> {
    const [batch] = args
    if (!this.port && batch.length === 0) return Promise.resolve(this.nothingWritten())
    this.startNow()
    return this.port!.write(...args)
  }

  clear(): Promise<TraceTotals> {
    this.startNow()
    return this.port!.clear()
  }

  close(): Promise<void> {
    return this.port ? this.port.close() : Promise.resolve()
  }

  private nothingWritten(): BatchResult {
    return { exchanges: [], flows: [], written: 0, totals: this.totals(), setAside: 0, errors: [] }
  }
}
