import type {
  CapturedBody,
  ExchangeDetail,
  ExchangeSummary,
  HeaderMap,
} from '../../../../shared/admin-api'
import { shellQuote } from '../../lib/shell'

const clockFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** 18:45:37.534 */
export function formatClock(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${clockFormat.format(date)}.${String(date.getMilliseconds()).padStart(3, '0')}`
}

/** 54.475 → "54 ms", 1530 → "1.53 s", 0.4 → "0.4 ms" */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(1)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** "/services/oauth2/token" stays; long query strings are cut for the list. */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** The short path for a diagram label: the last two segments, query dropped. */
export function shortPath(url: string): string {
  const path = pathOnly(url)
  const parts = path.split('/').filter(Boolean)
  if (parts.length <= 2) return path
  return '…/' + parts.slice(-2).join('/')
}

export function statusColor(status: number, outcome?: ExchangeSummary['outcome']): string {
  if (status >= 500) return 'red'
  if (status >= 400) return 'orange'
  if (outcome === 'failed') return 'orange'
  if (status >= 300) return 'cyan'
  return 'teal'
}

export const METHOD_COLORS: Record<string, string> = {
  GET: 'blue',
  POST: 'grape',
  PUT: 'yellow',
  PATCH: 'yellow',
  DELETE: 'red',
}

export const GRANT_LABELS: Record<string, string> = {
  authorization_code: 'authorization code',
  refresh_token: 'refresh token',
  password: 'password',
  client_credentials: 'client credentials',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'JWT bearer',
  'urn:ietf:params:oauth:grant-type:device_code': 'device code',
  device: 'device',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'token exchange',
}

export function grantLabel(grant: string | null): string {
  if (!grant) return ''
  return GRANT_LABELS[grant] ?? grant.replace(/^urn:ietf:params:oauth:grant-type:/, '')
}

/** "password.verify" → "password verify"; "http.401" → "HTTP 401". */
export function stepLabel(step: string): string {
  if (/^http\.\d+$/.test(step)) return `HTTP ${step.slice(5)}`
  if (step === 'redirect.error') return 'error in the redirect'
  return step.replace(/[._]/g, ' ')
}

export function headerEntries(headers: HeaderMap): Array<[string, string]> {
  const rows: Array<[string, string]> = []
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const one of value) rows.push([name, one])
    else rows.push([name, value])
  }
  return rows
}

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

export type BodyKind = 'json' | 'form' | 'html' | 'text' | 'binary'

export function bodyKind(body: CapturedBody): BodyKind {
  if (body.encoding === 'base64') return 'binary'
  const type = (body.contentType ?? '').toLowerCase()
  if (type.includes('json')) return 'json'
  if (type.includes('x-www-form-urlencoded')) return 'form'
  if (type.includes('html')) return 'html'
  const trimmed = body.text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json'
  return 'text'
}

/** Pretty-printed JSON, or the text as it is when it does not parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

export function formFields(text: string): Array<[string, string]> {
  return [...new URLSearchParams(text).entries()]
}

const SKIPPED_CURL_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'accept-encoding',
  'transfer-encoding',
])

/** The exchange as a curl command line against the emulated org. */
export function curlCommand(exchange: ExchangeDetail, baseUrl: string): string {
  const lines = [`curl -i -X ${exchange.method} ${shellQuote(baseUrl + exchange.url)}`]
  for (const [name, value] of headerEntries(exchange.request.headers)) {
    if (SKIPPED_CURL_HEADERS.has(name.toLowerCase())) continue
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  }
  const body = exchange.request.body
  if (body && body.text && body.encoding === 'utf8') {
    lines.push(`--data-raw ${shellQuote(body.text)}`)
  }
  return lines.join(' \\\n  ')
}

/** "in 2 h 5 min" / "3 min ago" between two instants. */
export function relativeTime(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs
  const text = spanText(Math.abs(diff))
  return diff >= 0 ? `in ${text}` : `${text} ago`
}

export function spanText(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ]
  const parts: string[] = []
  let rest = seconds
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`)
      rest %= size
    }
    if (parts.length === 2) break
  }
  return parts.join(' ')
}
