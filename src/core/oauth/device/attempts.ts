import type { Gatehouse } from '../../gatehouse'
import type { CodeAttemptsRow } from '../../store/device-store'
import type { BrowserSession } from '../authorize/session'

/**
 * The cap on wrong user codes per browser session (RFC 8628 §5.1, security case 38): a user
 * code has only ≈34.5 bits, so guessing must stop long before it could succeed. After
 * MAX_WRONG_CODES misses, code entry is locked for LOCK_MS on the virtual clock; misses older
 * than the window are forgotten.
 */
export const MAX_WRONG_CODES = 5
export const LOCK_MS = 15 * 60 * 1000
const WINDOW_MS = 60 * 60 * 1000

export interface AttemptState {
  failures: number
  /** Until when code entry is locked, or null. */
  lockedUntil: number | null
  left: number
}

function stateOf(row: CodeAttemptsRow | undefined, now: number): AttemptState {
  if (!row) return { failures: 0, lockedUntil: null, left: MAX_WRONG_CODES }
  if (row.locked_until !== null && row.locked_until > now) {
    return { failures: row.failures, lockedUntil: row.locked_until, left: 0 }
  }
  // A lock that ran out, or misses outside the window, start the count afresh.
  if (row.locked_until !== null || now - row.first_failed_at > WINDOW_MS) {
    return { failures: 0, lockedUntil: null, left: MAX_WRONG_CODES }
  }
  return { failures: row.failures, lockedUntil: null, left: MAX_WRONG_CODES - row.failures }
}

export function attemptState(
  engine: Gatehouse,
  session: BrowserSession,
  now: number,
): AttemptState {
  return stateOf(engine.oauth.device.attempts(session.idHash), now)
}

/** Counts a wrong code (atomically); the MAX_WRONG_CODES-th locks code entry. */
export function recordWrongCode(
  engine: Gatehouse,
  session: BrowserSession,
  now: number,
): AttemptState {
  const row = engine.oauth.device.updateAttempts(session.idHash, (current) => {
    const before = stateOf(current, now)
    const failures = before.failures + 1
    return {
      session_hash: session.idHash,
      failures,
      first_failed_at: before.failures === 0 || !current ? now : current.first_failed_at,
      locked_until: failures >= MAX_WRONG_CODES ? now + LOCK_MS : null,
    }
  })
  return stateOf(row, now)
}

export function clearWrongCodes(engine: Gatehouse, session: BrowserSession): void {
  engine.oauth.device.clearAttempts(session.idHash)
}
