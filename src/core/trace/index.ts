import { join } from 'node:path'
import type { Clock } from '../policy/clock'
import { TRACE_DATABASE_FILE } from '../paths'
import type { OAuthStore } from '../store/oauth-store'
import { openTraceDatabase } from '../store/trace-database'
import { Recorder, type RecorderOptions } from './recorder'

/** The recorder: capture hooks, batched writes, flows, events. */
export { Recorder, RECORDER_DEFAULTS, type RecorderOptions } from './recorder'
export { TraceEvents } from './events'

export interface RecorderSetup {
  /** The data folder: the trace database lives beside the main one. */
  dataDir: string
  /** The main database file (the writer thread reads token grants from it). */
  mainFile: string
  clock: Clock
  oauth: OAuthStore
  /** The bundled writer-thread script; without it the writer runs on the engine's thread. */
  writerScript?: string
}

/**
 * The engine's recorder, or null when recording is off (`recorder: false`). Tokens are traced
 * back to their grant through the OAuth store.
 */
export function createRecorder(
  setup: RecorderSetup,
  option: boolean | RecorderOptions | undefined,
): Recorder | null {
  if (option === false) return null
  const traceFile = join(setup.dataDir, TRACE_DATABASE_FILE)
  const traceDb = openTraceDatabase(traceFile)
  return new Recorder(
    {
      traceDb,
      clock: setup.clock,
      grantOfToken: (hash) =>
        setup.oauth.findAccessToken(hash)?.grant_id ?? setup.oauth.findRefreshToken(hash)?.grant_id,
      thread: setup.writerScript
        ? { script: setup.writerScript, traceFile, mainFile: setup.mainFile }
        : undefined,
      onWriteError: (message) => process.emitWarning(`Gatehouse recorder: ${message}`),
    },
    option === true || option === undefined ? {} : option,
  )
}
