import type { BatchResult, TraceLimits, TraceTotals } from './writer'

/** What the writer thread is started with. */
export interface WriterThreadData {
  traceFile: string
  mainFile: string
  limits: TraceLimits
  /** What the trace held at start, as the engine counted it (counting reads every row). */
  totals: TraceTotals
}

/** Engine → writer thread. Requests are answered in the order they were sent. */
export type ThreadRequest =
  /**
   * `batch`: encoded exchanges (batch-codec.ts); `announce`: send back the summaries;
   * `setAside`: the batch may wait for the next pause (TraceWriter.write).
   */
  | { type: 'write'; seq: number; batch: string[]; announce: boolean; setAside: boolean }
  | { type: 'clear'; seq: number }
  | { type: 'close'; seq: number }

/** Writer thread → engine. */
export type ThreadReply =
  /** `threadId`: the thread's kernel id (Linux), so the engine can set its priority. */
  | { type: 'ready'; threadId: number | null }
  | { type: 'written'; seq: number; result: BatchResult }
  | { type: 'cleared'; seq: number; totals: TraceTotals }
  | { type: 'closed'; seq: number }
  | { type: 'failed'; seq: number; message: string }
  /** Something done in the background failed (the writer goes on). */
  | { type: 'warning'; message: string }
