import { toId18IfShort } from '../../salesforce/ids'
import type { RecordValue } from '../../workspace/types'
import { ID_TYPES, NUMBER_TYPES, TEXT_TYPES, type FieldDef } from '../metadata/types'

/**
 * Field values in the three forms the API needs: as Salesforce writes them in JSON (date-times
 * as `2024-05-01T10:00:00.000+0000`, ids in 18 characters), and as comparable keys for SOQL
 * (text without case, ids by their case-sensitive 15 characters, dates and date-times in ms).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Salesforce's JSON form of a date-time, always in UTC. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms)
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `.${pad(d.getUTCMilliseconds(), 3)}+0000`
  )
}

export function formatDate(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

function validDay(y: number, m: number, d: number): number | null {
  const ms = Date.UTC(y, m - 1, d)
  const check = new Date(ms)
  return check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? ms : null
}

/** `2024-05-01` → UTC midnight in ms; null when not a real date. */
export function parseDate(text: string): number | null {
  const m = DATE.exec(text)
  return m ? validDay(Number(m[1]), Number(m[2]), Number(m[3])) : null
}

/**
 * ISO-8601 date-times as clients send them (`Z`, `+01:00`, `+0100`, or no zone meaning UTC);
 * a bare date is midnight UTC. Null when the text is neither.
 */
export function parseDateTime(text: string): number | null {
  const day = parseDate(text)
  if (day !== null) return day
  const m = DATE_TIME.exec(text)
  if (!m) return null
  const midnight = validDay(Number(m[1]), Number(m[2]), Number(m[3]))
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (midnight === null || h > 23 || mi > 59 || s > 59) return null
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  let ms = midnight + ((h * 60 + mi) * 60 + s) * 1000 + millis
  const zone = m[8]
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '')
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))
    ms -= (zone[0] === '-' ? -1 : 1) * minutes * 60_000
  }
  return ms
}

/**
 * A stored value (as the workspace or an earlier write left it) in the form the API answers
 * with. Values of the wrong shape are passed through as text rather than dropped.
 */
export function outputValue(field: FieldDef, raw: RecordValue | undefined): RecordValue {
  if (raw === undefined || raw === null) return null
  switch (field.type) {
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : null
      return ms === null ? String(raw) : formatDateTime(ms)
    }
    case 'date': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : null
      return ms === null ? String(raw) : formatDate(ms)
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : String(raw).toLowerCase() === 'true'
    case 'id':
    case 'reference':
      return typeof raw === 'string' ? toId18IfShort(raw) : String(raw)
    default:
      if (NUMBER_TYPES.has(field.type)) {
        const n = typeof raw === 'number' ? raw : Number(raw)
        return Number.isFinite(n) ? n : String(raw)
      }
      return typeof raw === 'string' ? raw : String(raw)
  }
}

/** What SOQL compares: see the module comment. Null stays null. */
export type Comparable = string | number | boolean | null

export function comparableOf(field: FieldDef, value: RecordValue | undefined): Comparable {
  if (value === undefined || value === null) return null
  if (TEXT_TYPES.has(field.type)) return String(value).toLowerCase()
  if (ID_TYPES.has(field.type)) return String(value).slice(0, 15)
  if (field.type === 'date' || field.type === 'datetime') {
    return typeof value === 'string' ? parseDateTime(value) : null
  }
  return value
}
