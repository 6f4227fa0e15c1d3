import { PauseWork, type PauseWorkOptions } from './pause-work'

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

export interface SearchIndexerOptions extends PauseWorkOptions {
  /** Exchanges read at a time (a slice is one transaction). */
  chunk: number
}

const DEFAULTS: SearchIndexerOptions = { idleMs: 250, sliceMs: 25, chunk: 32 }

/**
 * Keeps the text search's trigram index up to date while the recorder is idle. Indexing an
 * exchange costs about as much as recording it (the index grows by every three characters of
 * its URL, headers, bodies and failing step); done as each batch is written it would double what
 * recording costs under load. So the writer indexes in the pauses (pause-work.ts): every batch
 * pushes indexing back by `idleMs`, and then it runs in short slices until the index has caught
 * up. Exchanges not yet indexed are found by reading them (TraceStore.textQuery), so a search
 * never misses one; it is only slower while the index is behind.
 */
export class SearchIndexer {
  private readonly work: PauseWork

  constructor(
    store: IndexableStore,
    options: Partial<SearchIndexerOptions> = {},
    onError: (message: string) => void = () => {},
  ) {
    const { chunk, ...pause } = { ...DEFAULTS, ...options }
    this.work = new PauseWork(
      (more, pauseBegins) => {
        // Once a pause: a generation all pruned is emptied.
        if (pauseBegins) store.rotateIndex()
        return store.indexWhile(chunk, more).caughtUp
      },
      pause,
      // The search still works by reading; it is tried again at the next pause.
      (error) => onError(`the search index could not be updated: ${error.message}`),
    )
  }

  /** A batch was written (or the trace cleared): wait for the next pause. */
  wrote(): void {
    this.work.wrote()
  }

  stop(): void {
    this.work.stop()
  }
}
