import { join } from 'node:path'
import type { Clock } from '../policy/clock'
import { TRACE_DATABASE_FILE } from '../paths'
import type { Database } from 'better-sqlite3'
import { GrantLookup } from '../store/grant-lookup'
import { openTraceDatabase } from '../store/trace-database'
import { Recorder, type RecorderOptions } from './recorder'

/** The recorder: capture hooks, batched writes, flows, events. */
export { Recorder, RECORDER_DEFAULTS, type RecorderOptions } from './recorder'
export { TraceEvents } from './events'

export interface RecorderSetup {
  /** The data folder: the trace database lives beside the main one. */
  dataDir: string
  /** The main database, and its file (the writer thread opens its own connection). */
  mainDb: Database
  mainFile: string
  clock: Clock
  /** The bundled writer-thread script; without it the writer runs on the engine's thread. */
  writerScript?: string
}

/**
 * The engine's recorder, or null when recording is off (`recorder: false`). Tokens are traced
 * back to their grant through the main database (GrantLookup, as on the writer thread).
 */
export function createRecorder(
  setup: RecorderSetup,
  option: boolean | RecorderOptions | undefined,
): Recorder | null {
  if (option === false) return null
  const traceFile = join(setup.dataDir, TRACE_DATABASE_FILE)
  const traceDb = openTraceDatabase(traceFile)
  const grants = new GrantLookup(setup.mainDb)
  return new Recorder(
    {
      traceDb,
      clock: setup.clock,
      grantOfToken: (hash) => grants.grantOfToken(hash),
      thread: setup.writerScript
        ? { script: setup.writerScript, traceFile, mainFile: setup.mainFile }
        : undefined,
      onWriteError: (message) => process.emitWarning(`Gatehouse recorder: ${message}`),
    },
    option === true || option === undefined ? {} : option,
  )
}
