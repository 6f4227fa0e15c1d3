import { DEFAULT_LOGIN_HOURS_TIME_ZONE, WEEKDAYS } from '../workspace/schema'
import type { LoginHours, Weekday, WorkspaceProfile } from '../workspace/types'
import type { PolicyVerdict } from './ip-restrictions'

/**
 * Profile login hours on the virtual clock, read in the profile's time zone (Salesforce
 * fixes it to the org's default zone when the hours are first set). Per day: logins from
 * `start` (inclusive) to `end` (exclusive); equal times block the day; a day left out
 * allows any time. Users outside their hours can take no further action, so API calls are
 * held to them too.
 */

export interface LocalTime {
  weekday: Weekday
  /** Minutes after local midnight. */
  minutes: number
  /** e.g. "Tuesday 18:30". */
  label: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, format)
  }
  return format
}

export function localTime(now: number, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(new Date(now))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  const dayName = part('weekday')
  const weekday = dayName.toLowerCase() as Weekday
  const hour = Number(part('hour')) % 24
  const minute = Number(part('minute'))
  const hh = String(hour).padStart(2, '0')
  const mm = String(minute).padStart(2, '0')
  return { weekday, minutes: hour * 60 + minute, label: `${dayName} ${hh}:${mm}` }
}

function toMinutes(time: string): number {
  const [h, m] = time.split(':')
  return Number(h) * 60 + Number(m)
}

const capitalized = (day: Weekday) => day[0]!.toUpperCase() + day.slice(1)

/** Each configured day as "Monday 08:00–17:00", for the trace. */
export function describeLoginHours(hours: LoginHours): string {
  const days = WEEKDAYS.filter((day) => hours[day] !== undefined).map((day) => {
    const window = hours[day]!
    return window.start === window.end
      ? `${capitalized(day)} no access`
      : `${capitalized(day)} ${window.start}–${window.end}`
  })
  return days.join(', ')
}

export function evaluateLoginHours(
  profile: Pick<WorkspaceProfile, 'name' | 'loginHours'>,
  now: number,
): PolicyVerdict {
  const hours = profile.loginHours
  if (!hours) {
    return { outcome: 'skipped', detail: `profile ${profile.name} has no login hours` }
  }
  const zone = hours.timeZone ?? DEFAULT_LOGIN_HOURS_TIME_ZONE
  const local = localTime(now, zone)
  const window = hours[local.weekday]
  const at = `${local.label} (${zone}, virtual clock)`
  if (!window) {
    return {
      outcome: 'passed',
      detail: `${at}: profile ${profile.name} sets no hours for ${capitalized(local.weekday)}, so any time is allowed`,
    }
  }
  const start = toMinutes(window.start)
  const end = toMinutes(window.end)
  if (start === end) {
    return {
      outcome: 'failed',
      detail: `${at}: profile ${profile.name} allows no logins on ${capitalized(local.weekday)} (start = end = ${window.start})`,
    }
  }
  const range = `${capitalized(local.weekday)} ${window.start}–${window.end}`
  return local.minutes >= start && local.minutes < end
    ? {
        outcome: 'passed',
        detail: `${at} is within profile ${profile.name}'s login hours ${range}`,
      }
    : {
        outcome: 'failed',
        detail: `${at} is outside profile ${profile.name}'s login hours ${range}`,
      }
}
