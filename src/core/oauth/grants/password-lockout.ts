/**
 * Password lockout for the username-password grant (security case 28), modelled on
 * Salesforce's org defaults: 10 invalid attempts lock the user for 15 minutes. Only
 * consecutive failures within an hour count; a successful sign-in clears them. Keyed by
 * user, never by IP, so a changed or forged client address does not reset it.
 *
 * Kept in memory for the engine's lifetime (a restart unlocks everyone): this is a local
 * workbench, and the lock exists to show clients the behaviour, not to defend real accounts.
 */
export const LOCKOUT_THRESHOLD = 10
export const LOCKOUT_WINDOW_MS = 60 * 60_000
export const LOCKOUT_DURATION_MS = 15 * 60_000

export interface FailureOutcome {
  /** Consecutive failures within the window, this one included. */
  count: number
  /** True when this failure locked the user. */
  locked: boolean
}

export class PasswordLockout {
  private readonly failures = new Map<string, number[]>()
  private readonly lockedUntil = new Map<string, number>()

  /** Milliseconds the user stays locked (0 when not locked). Times are virtual-clock ms. */
  remainingLock(userId: string, now: number): number {
    const until = this.lockedUntil.get(userId)
    if (until === undefined) return 0
    if (until > now) return until - now
    // The lock ran out: the next attempt starts a fresh count.
    this.lockedUntil.delete(userId)
    this.failures.delete(userId)
    return 0
  }

  recordFailure(userId: string, now: number): FailureOutcome {
    const recent = (this.failures.get(userId) ?? []).filter((at) => now - at < LOCKOUT_WINDOW_MS)
    recent.push(now)
    this.failures.set(userId, recent)
    const locked = recent.length >= LOCKOUT_THRESHOLD
    if (locked) this.lockedUntil.set(userId, now + LOCKOUT_DURATION_MS)
    return { count: recent.length, locked }
  }

  recordSuccess(userId: string): void {
    this.failures.delete(userId)
  }
}
