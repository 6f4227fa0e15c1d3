import type { Position } from './ast'
import { malformed } from './errors'

/**
 * Splits a SOQL statement into tokens. Keywords are not special here: they are words, and
 * the parser decides (without regard to case) whether a word is a keyword where one may
 * stand. Dates and date-times are recognised as whole tokens because `2024-01-31` would
 * otherwise read as a subtraction.
 */

export type TokenKind = 'word' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof'

export interface Token {
  kind: TokenKind
  /** The text as written (for strings: without quotes and with escapes resolved). */
  text: string
  pos: Position
  /** Numbers: the value. Dates and date-times: ms since the epoch (UTC). */
  value?: number
  /** Numbers: written without a decimal point. */
  integer?: boolean
}

/** Salesforce refuses statements longer than this. */
export const MAX_QUERY_LENGTH = 100_000

const PUNCTUATION = ['!=', '<>', '<=', '>=', '(', ')', ',', '.', ':', '=', '<', '>']

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  // LIKE patterns keep these escaped: the evaluator reads `\%` and `\_` as literal characters.
  '%': '\\%',
  _: '\\_',
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'
const isWordStart = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_')
const isWordPart = (c: string | undefined) => isWordStart(c) || isDigit(c)
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r'

// A date, optionally with a time and a zone: the shape is fixed, so a sticky pattern is the
// clearest way to recognise it at the current offset.
const DATE_SHAPE =
  /(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})?)?/y

export function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_LENGTH) {
    throw malformed(`SOQL statements cannot be longer than ${MAX_QUERY_LENGTH} characters`)
  }
  const tokens: Token[] = []
  let offset = 0
  let line = 1
  let lineStart = 0
  const here = (): Position => ({ offset, line, column: offset - lineStart + 1 })

  while (offset < text.length) {
    const c = text[offset]
    if (isSpace(c)) {
      if (c === '\n' || (c === '\r' && text[offset + 1] !== '\n')) {
        line++
        lineStart = offset + 1
      }
      offset++
      continue
    }
    const pos = here()
    if (isWordStart(c)) {
      let end = offset + 1
      while (isWordPart(text[end])) end++
      tokens.push({ kind: 'word', text: text.slice(offset, end), pos })
      offset = end
      continue
    }
    if (c === "'") {
      const { value, end } = readString(text, offset, pos)
      tokens.push({ kind: 'string', text: value, pos })
      offset = end
      continue
    }
    if (isDigit(c) || ((c === '-' || c === '+') && isDigit(text[offset + 1]))) {
      const date = isDigit(c) ? readDate(text, offset, pos) : null
      if (date) {
        tokens.push(date.token)
        offset = date.end
        continue
      }
      let end = offset + 1
      while (isDigit(text[end])) end++
      let integer = true
      if (text[end] === '.' && isDigit(text[end + 1])) {
        integer = false
        end++
        while (isDigit(text[end])) end++
      }
      const raw = text.slice(offset, end)
      tokens.push({ kind: 'number', text: raw, pos, value: Number(raw), integer })
      offset = end
      continue
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, offset))
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, pos })
      offset += punct.length
      continue
    }
    throw malformed(`no viable alternative at character '${c}'`, pos)
  }
  tokens.push({ kind: 'eof', text: '<EOF>', pos: here() })
  return tokens
}

function readString(text: string, start: number, pos: Position): { value: string; end: number } {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const c = text[i]!
    if (c === "'") return { value, end: i + 1 }
    if (c === '\\') {
      const next = text[i + 1]
      const escaped = next === undefined ? undefined : STRING_ESCAPES[next]
      if (escaped === undefined) {
        const sequence = '\\' + (next ?? '')
        throw malformed(
          `Invalid string literal '${text.slice(start + 1, i + 2)}'. Illegal character sequence '${sequence}' in string literal.`,
          pos,
        )
      }
      value += escaped
      i += 2
      continue
    }
    value += c
    i++
  }
  throw malformed(`unexpected token: '${text.slice(start)}'`, pos)
}

function readDate(
  text: string,
  start: number,
  pos: Position,
): { token: Token; end: number } | null {
  DATE_SHAPE.lastIndex = start
  const m = DATE_SHAPE.exec(text)
  if (!m) return null
  // A date must not run straight into more digits or letters (e.g. 2024-01-011).
  const end = start + m[0].length
  if (isWordPart(text[end])) return null
  const [, y, mo, d, h, mi, s, ms, zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const midnight = Date.UTC(year, month - 1, day)
  const check = new Date(midnight)
  if (month < 1 || month > 12 || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) {
    throw malformed(`invalid date: ${m[0]}`, pos)
  }
  if (h === undefined) {
    return { token: { kind: 'date', text: m[0], pos, value: midnight }, end }
  }
  if (zone === undefined) {
    throw malformed(`invalid date-time (a time zone such as Z is required): ${m[0]}`, pos)
  }
  const hours = Number(h)
  const minutes = Number(mi)
  const seconds = Number(s)
  if (hours > 23 || minutes > 59 || seconds > 59) throw malformed(`invalid date-time: ${m[0]}`, pos)
  const millis = ms === undefined ? 0 : Number(ms.padEnd(3, '0'))
  let value = midnight + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const zoneHours = Number(digits.slice(0, 2))
    const zoneMinutes = Number(digits.slice(2))
    if (zoneHours > 14 || zoneMinutes > 59) throw malformed(`invalid time zone: ${m[0]}`, pos)
    value -= sign * (zoneHours * 60 + zoneMinutes) * 60_000
  }
  return { token: { kind: 'datetime', text: m[0], pos, value }, end }
}
