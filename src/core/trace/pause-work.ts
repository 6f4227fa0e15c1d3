export interface PauseWorkOptions {
  /** Start only after this long without a written batch. */
  idleMs: number
  /** Work for at most this long at a time, so a batch that arrives waits little. */
  sliceMs: number
}

/**
 * One slice of the work. `more()` says whether the slice still has time; the result is true
 * once nothing is left to do. `pauseBegins`: this is the first slice since the last batch.
 */
export type PauseTask = (more: () => boolean, pauseBegins: boolean) => boolean

/**
 * Work the recorder's writer does only while no batches come in: every batch pushes it back
 * by `idleMs`, and then it runs in short slices until it is done. The search index and the
 * batches set aside under load (writer.ts) are built this way.
 */
export class PauseWork {
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null
  private stopped = false
  /** Set by each batch: the next pause's first slice is told so. */
  private pauseBegins = true

  constructor(
    private readonly task: PauseTask,
    private readonly options: PauseWorkOptions,
    /** Told when a slice throws; the work is tried again at the next pause. */
    private readonly onError: (error: Error) => void,
  ) {}

  /** A batch was written (or the trace cleared): wait for the next pause. */
  wrote(): void {
    this.pauseBegins = true
    this.cancel()
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.next()
    }, this.options.idleMs)
    // Work done in pauses never keeps a process alive.
    this.timer.unref()
  }

  stop(): void {
    this.stopped = true
    this.cancel()
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }

  /**
   * Slices run from setImmediate, which comes after the event loop has taken in its messages:
   * a thread that got no CPU for a while (the writer yields under load) finds its timer due
   * and batches waiting at once, and the batches, which cancel the slice, go first.
   */
  private next(): void {
    this.immediate = setImmediate(() => {
      this.immediate = null
      this.slice()
    })
    // Not unref'd: an unref'd immediate lets the loop block waiting for messages instead.
    // The chain is short and stop() ends it.
  }

  private slice(): void {
    const until = performance.now() + this.options.sliceMs
    const pauseBegins = this.pauseBegins
    this.pauseBegins = false
    let done: boolean
    try {
      done = this.task(() => performance.now() < until, pauseBegins)
    } catch (error) {
      this.onError(error as Error)
      return
    }
    // More to do: go on, unless a batch comes in first (it cancels this and waits again).
    if (!done) this.next()
  }
}
