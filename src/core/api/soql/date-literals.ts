/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n …) as ranges of time on the virtual clock.
 * Salesforce evaluates them in the user's time zone; Gatehouse uses UTC so that results do
 * not depend on the machine running it. Weeks start on Sunday (the en_US locale).
 */

/** A half-open range of ms since the epoch: start ≤ t < end. */
export interface TimeRange {
  start: number
  end: number
}

const DAY = 86_400_000

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year'

/** Literals without a number: the unit and which one relative to the current (0). */
const FIXED: Readonly<Record<string, { unit: Unit; from: number; count: number }>> = {
  YESTERDAY: { unit: 'day', from: -1, count: 1 },
  TODAY: { unit: 'day', from: 0, count: 1 },
  TOMORROW: { unit: 'day', from: 1, count: 1 },
  LAST_WEEK: { unit: 'week', from: -1, count: 1 },
  THIS_WEEK: { unit: 'week', from: 0, count: 1 },
  NEXT_WEEK: { unit: 'week', from: 1, count: 1 },
  LAST_MONTH: { unit: 'month', from: -1, count: 1 },
  THIS_MONTH: { unit: 'month', from: 0, count: 1 },
  NEXT_MONTH: { unit: 'month', from: 1, count: 1 },
  // "Starts with the current day and continues for the past 90 days": today included.
  LAST_90_DAYS: { unit: 'day', from: -90, count: 91 },
  NEXT_90_DAYS: { unit: 'day', from: 1, count: 90 },
  LAST_QUARTER: { unit: 'quarter', from: -1, count: 1 },
  THIS_QUARTER: { unit: 'quarter', from: 0, count: 1 },
  NEXT_QUARTER: { unit: 'quarter', from: 1, count: 1 },
  LAST_YEAR: { unit: 'year', from: -1, count: 1 },
  THIS_YEAR: { unit: 'year', from: 0, count: 1 },
  NEXT_YEAR: { unit: 'year', from: 1, count: 1 },
}

/** Literals that take `:n`: the unit and how n places the range. */
const WITH_N: Readonly<Record<string, { unit: Unit; shape: 'last' | 'next' | 'ago' }>> = {
  LAST_N_DAYS: { unit: 'day', shape: 'last' },
  NEXT_N_DAYS: { unit: 'day', shape: 'next' },
  N_DAYS_AGO: { unit: 'day', shape: 'ago' },
  LAST_N_WEEKS: { unit: 'week', shape: 'last' },
  NEXT_N_WEEKS: { unit: 'week', shape: 'next' },
  N_WEEKS_AGO: { unit: 'week', shape: 'ago' },
  LAST_N_MONTHS: { unit: 'month', shape: 'last' },
  NEXT_N_MONTHS: { unit: 'month', shape: 'next' },
  N_MONTHS_AGO: { unit: 'month', shape: 'ago' },
  LAST_N_QUARTERS: { unit: 'quarter', shape: 'last' },
  NEXT_N_QUARTERS: { unit: 'quarter', shape: 'next' },
  N_QUARTERS_AGO: { unit: 'quarter', shape: 'ago' },
  LAST_N_YEARS: { unit: 'year', shape: 'last' },
  NEXT_N_YEARS: { unit: 'year', shape: 'next' },
  N_YEARS_AGO: { unit: 'year', shape: 'ago' },
}

export const isDateLiteralName = (upper: string): boolean => upper in FIXED || upper in WITH_N
export const dateLiteralTakesN = (upper: string): boolean => upper in WITH_N

/** Start of the unit that contains `now`, moved by `offset` units. */
function unitStart(unit: Unit, now: number, offset: number): number {
  const date = new Date(now)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth()
  const today = Math.floor(now / DAY) * DAY
  switch (unit) {
    case 'day':
      return today + offset * DAY
    case 'week':
      return today - date.getUTCDay() * DAY + offset * 7 * DAY
    case 'month':
      return Date.UTC(year, month + offset, 1)
    case 'quarter':
      return Date.UTC(year, month - (month % 3) + offset * 3, 1)
    case 'year':
      return Date.UTC(year + offset, 0, 1)
  }
}

/** The range a date literal stands for at virtual time `now`. */
export function dateLiteralRange(upper: string, n: number | null, now: number): TimeRange {
  const fixed = FIXED[upper]
  if (fixed) {
    return {
      start: unitStart(fixed.unit, now, fixed.from),
      end: unitStart(fixed.unit, now, fixed.from + fixed.count),
    }
  }
  const spec = WITH_N[upper]
  if (!spec || n === null) throw new Error(`not a date literal: ${upper}`)
  const at = (offset: number) => unitStart(spec.unit, now, offset)
  switch (spec.shape) {
    // LAST_N_DAYS includes today; the other LAST_N_ units end with the previous unit.
    case 'last':
      return spec.unit === 'day' ? { start: at(-n), end: at(1) } : { start: at(-n), end: at(0) }
    case 'next':
      return { start: at(1), end: at(1 + n) }
    case 'ago':
      return { start: at(-n), end: at(-n + 1) }
  }
}
