import type { Database } from 'better-sqlite3'
import type { Clock } from '../policy/clock'
import type { OAuthStore } from '../store/oauth-store'
import { Recorder, type RecorderOptions } from './recorder'

/** The recorder: capture hooks, batched writes, flows, events. */
export { Recorder, RECORDER_DEFAULTS, type RecorderOptions } from './recorder'
export { TraceEvents } from './events'

/**
 * The engine's recorder, or null when recording is off (`recorder: false`). Tokens are traced
 * back to their grant through the OAuth store.
 */
export function createRecorder(
  deps: { db: Database; clock: Clock; oauth: OAuthStore },
  option: boolean | RecorderOptions | undefined,
): Recorder | null {
  if (option === false) return null
  return new Recorder(
    {
      db: deps.db,
      clock: deps.clock,
      grantOfToken: (hash) =>
        deps.oauth.findAccessToken(hash)?.grant_id ?? deps.oauth.findRefreshToken(hash)?.grant_id,
      onWriteError: (message) => process.emitWarning(`Gatehouse recorder: ${message}`),
    },
    option === true || option === undefined ? {} : option,
  )
}
