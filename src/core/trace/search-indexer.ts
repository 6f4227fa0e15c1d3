/** What the indexer needs of the trace store (TraceStore). */
export interface IndexableStore {
  /** Adds up to `limit` exchanges to the search index; returns how many. */
  indexNext(limit: number): number
}

export interface SearchIndexerOptions {
  /** Index only after this long without a written batch. */
  idleMs: number
  /** Index for at most this long at a time, so a batch that arrives waits little. */
  sliceMs: number
  /** Exchanges per transaction. */
  chunk: number
}

const DEFAULTS: SearchIndexerOptions = { idleMs: 250, sliceMs: 25, chunk: 32 }

/**
 * Keeps the text search's trigram index up to date while the recorder is idle. Indexing an
 * exchange costs about as much as recording it (the index grows by every three characters of
 * its URL, headers, bodies and steps); done as each batch is written it would double what
 * recording costs under load. So the writer indexes in the pauses: every batch pushes indexing
 * back by `idleMs`, and then it runs in short slices until the index has caught up. Exchanges
 * not yet indexed are found by reading them (TraceStore.textQuery), so a search never misses
 * one; it is only slower while the index is behind.
 */
export class SearchIndexer {
  private readonly options: SearchIndexerOptions
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(
    private readonly store: IndexableStore,
    options: Partial<SearchIndexerOptions> = {},
    private readonly onError: (message: string) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** A batch was written (or the trace cleared): wait for the next pause. */
  wrote(): void {
    this.schedule(this.options.idleMs)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.slice(), ms)
    // Indexing never keeps a process alive.
    this.timer.unref()
  }

  private slice(): void {
    this.timer = null
    const { sliceMs, chunk } = this.options
    const until = performance.now() + sliceMs
    let added: number
    try {
      do added = this.store.indexNext(chunk)
      while (added === chunk && performance.now() < until)
    } catch (error) {
      // The search still works by reading; try again at the next pause.
      this.onError(`the search index could not be updated: ${(error as Error).message}`)
      return
    }
    // More to do: go on at once, unless a batch comes in first (it reschedules).
    if (added === chunk) this.schedule(0)
  }
}
