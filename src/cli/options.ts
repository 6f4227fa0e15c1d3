import { InvalidArgumentError } from 'commander'
import { parseDuration } from '../core/policy/clock'

/** `--port`: 0–65535; 0 asks the OS for a free port. */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free port)')
  }
  return port
}

/** `--clock-offset`: seconds ("7200") or a duration ("+2h", "-1d", "90m"). */
export function parseClockOffset(value: string): number {
  if (/^[+-]?\d+$/.test(value)) return Number(value)
  const ms = parseDuration(value)
  if (ms === null) {
    throw new InvalidArgumentError('expected seconds (7200) or a duration such as +2h, 90m, -1d')
  }
  return Math.round(ms / 1000)
}

/** A whole number of at least 1 (the recorder's limits). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected a whole number of at least 1')
  }
  return n
}
