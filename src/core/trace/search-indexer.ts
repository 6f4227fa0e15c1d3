/** What the indexer needs of the trace store (TraceStore). */
export interface IndexableStore {
  /**
   * Adds exchanges to the search index in one transaction, `chunk` at a time while `more()`
   * says so; returns how many, and whether none is left to add.
   */
  indexWhile(chunk: number, more: () => boolean): { added: number; caughtUp: boolean }
  /** Empties the index's older generation once all of it is pruned (search-generations.ts). */
  rotateIndex(): boolean
}

export interface SearchIndexerOptions {
  /** Index only after this long without a written batch. */
  idleMs: number
  /** Index for at most this long at a time, so a batch that arrives waits little. */
  sliceMs: number
  /** Exchanges read at a time (a slice is one transaction). */
  chunk: number
}

const DEFAULTS: SearchIndexerOptions = { idleMs: 250, sliceMs: 25, chunk: 32 }

/**
 * Keeps the text search's trigram index up to date while the recorder is idle. Indexing an
 * exchange costs about as much as recording it (the index grows by every three characters of
 * its URL, headers, bodies and failing step); done as each batch is written it would double what
 * recording costs under load. So the writer indexes in the pauses: every batch pushes indexing
 * back by `idleMs`, and then it runs in short slices until the index has caught up. Exchanges
 * not yet indexed are found by reading them (TraceStore.textQuery), so a search never misses
 * one; it is only slower while the index is behind.
 */
export class SearchIndexer {
  private readonly options: SearchIndexerOptions
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null
  private stopped = false
  /** Set by each batch: the next pause starts by checking for a generation all pruned. */
  private pauseBegins = true

  constructor(
    private readonly store: IndexableStore,
    options: Partial<SearchIndexerOptions> = {},
    private readonly onError: (message: string) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** A batch was written (or the trace cleared): wait for the next pause. */
  wrote(): void {
    this.pauseBegins = true
    this.cancel()
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.next()
    }, this.options.idleMs)
    // Indexing never keeps a process alive.
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
    const { sliceMs, chunk } = this.options
    const until = performance.now() + sliceMs
    let caughtUp: boolean
    try {
      if (this.pauseBegins) {
        this.pauseBegins = false
        this.store.rotateIndex()
      }
      caughtUp = this.store.indexWhile(chunk, () => performance.now() < until).caughtUp
    } catch (error) {
      // The search still works by reading; try again at the next pause.
      this.onError(`the search index could not be updated: ${(error as Error).message}`)
      return
    }
    // More to do: go on, unless a batch comes in first (it cancels this and waits again).
    if (!caughtUp) this.next()
  }
}
