import { useEffect, useState } from 'react'
import type { StatusResponse } from '../../../../shared/admin-api'

/**
 * The emulated org's time, ticking locally between status refreshes: the server's `clock.now`
 * plus the real time elapsed since it was fetched (unless the clock is frozen).
 */
export function useVirtualNow(clock: StatusResponse['clock'], fetchedAt: number): Date {
  const [, tick] = useState(0)
  useEffect(() => {
    if (clock.frozen) return
    const timer = window.setInterval(() => tick((n) => n + 1), 1000)
    return () => window.clearInterval(timer)
  }, [clock.frozen])
  const base = Date.parse(clock.now)
  if (Number.isNaN(base)) return new Date(NaN)
  return new Date(clock.frozen ? base : base + Math.max(0, Date.now() - fetchedAt))
}

/** 7260 → "+2 h 1 min", -30 → "−30 s", 0 → "none". */
export function formatOffset(seconds: number): string {
  if (!seconds) return 'none'
  const sign = seconds < 0 ? '−' : '+'
  let rest = Math.abs(Math.round(seconds))
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ]
  const parts: string[] = []
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`)
      rest %= size
    }
    if (parts.length === 2) break
  }
  return sign + parts.join(' ')
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const dateFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
})
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
})

export function formatTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? '—' : timeFormat.format(date)
}

export function formatDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '—' : dateFormat.format(date)
}

export function formatDateTime(value: string): string {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date)
}
