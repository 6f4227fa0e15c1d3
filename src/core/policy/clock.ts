/**
 * The virtual clock: the one source of time for everything in the engine that expires or
 * counts (codes, tokens, refresh-token policies, limit windows). Users move it to make
 * time-based failures happen without waiting, so nothing in core may call Date.now().
 */
export interface Clock {
  /** Current virtual time in milliseconds since the epoch. */
  now(): number
}

export interface ClockState {
  /** Virtual now, ms since the epoch. */
  now: number
  /** Offset from the real clock in ms (while running). */
  offsetMs: number
  /** True when time does not advance on its own. */
  frozen: boolean
}

export class VirtualClock implements Clock {
  private offsetMs: number
  private frozenAt: number | null = null

  constructor(
    private readonly realNow: () => number = Date.now,
    offsetSeconds = 0,
  ) {
    this.offsetMs = offsetSeconds * 1000
  }

  now(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs
  }

  state(): ClockState {
    return { now: this.now(), offsetMs: this.offsetMs, frozen: this.frozenAt !== null }
  }

  /** Jump ahead (or back, with a negative value) by `ms`. Works frozen or running. */
  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms
    else this.offsetMs += ms
  }

  setOffsetSeconds(seconds: number): void {
    this.offsetMs = seconds * 1000
    if (this.frozenAt !== null) this.frozenAt = this.realNow() + this.offsetMs
  }

  freeze(): void {
    if (this.frozenAt === null) this.frozenAt = this.now()
  }

  unfreeze(): void {
    if (this.frozenAt === null) return
    // Keep the virtual time where it stopped: the offset absorbs the real time that passed.
    this.offsetMs = this.frozenAt - this.realNow()
    this.frozenAt = null
  }

  reset(): void {
    this.offsetMs = 0
    this.frozenAt = null
  }
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
}

/**
 * Parses a duration such as "+2h", "90m", "-1d", "1h30m" or "45s" into milliseconds.
 * Returns null when the text is not a duration, so callers can name the bad field.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim()
  const match = /^([+-])?((?:\d+(?:\.\d+)?\s*[smhdw]\s*)+)$/i.exec(trimmed)
  if (!match) return null
  const sign = match[1] === '-' ? -1 : 1
  let total = 0
  for (const part of match[2]!.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/gi)) {
    total += Number(part[1]) * UNIT_MS[part[2]!.toLowerCase()]!
  }
  return sign * Math.round(total)
}
