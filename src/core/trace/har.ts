import { STATUS_CODES } from 'node:http'
import type { CapturedBody, ExchangeDetail, HeaderMap } from '../../shared/admin-api'
import { GATEHOUSE_VERSION } from '../version'
import { Redactor } from './redact'

interface HarPair {
  name: string
  value: string
}

interface HarCookie extends HarPair {
  path?: string
  domain?: string
  expires?: string
  httpOnly?: boolean
  secure?: boolean
}

export interface HarEntry {
  startedDateTime: string
  time: number
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: HarCookie[]
    headers: HarPair[]
    queryString: HarPair[]
    postData?: { mimeType: string; text: string; params?: HarPair[]; comment?: string }
    headersSize: number
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: HarCookie[]
    headers: HarPair[]
    content: { size: number; mimeType: string; text?: string; encoding?: string; comment?: string }
    redirectURL: string
    headersSize: number
    bodySize: number
  }
  cache: Record<string, never>
  timings: { send: number; wait: number; receive: number }
  comment?: string
  /** Gatehouse's additions (HAR allows custom fields starting with an underscore). */
  _gatehouse: {
    exchangeId: number
    flowId: number | null
    endpoint: string
    outcome: string
    failedStep: string | null
    app: string | null
    user: string | null
    grantType: string | null
    clientIp: string | null
    steps: Array<{ name: string; outcome: string; detail: string }>
  }
}

export interface Har {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    entries: HarEntry[]
    comment?: string
  }
}

export interface HarOptions {
  /** Take out secrets, passwords, codes and tokens everywhere. */
  redact: boolean
  /** Secrets known beyond the exchanges (consumer secrets, user passwords) to scrub too. */
  knownSecrets?: Iterable<string>
  /** Origin for the absolute URLs when a request carried no Host. */
  origin: string
}

interface Scrub {
  header(name: string, value: string): string
  param(name: string, value: string): string
  form(text: string): string
  json(text: string): string
  text(text: string): string
  url(text: string): string
}

const AS_IS: Scrub = {
  header: (_name, value) => value,
  param: (_name, value) => value,
  form: (text) => text,
  json: (text) => text,
  text: (text) => text,
  url: (text) => text,
}

function headerPairs(headers: HeaderMap, scrub: Scrub): HarPair[] {
  const pairs: HarPair[] = []
  for (const [name, value] of Object.entries(headers)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      pairs.push({ name, value: scrub.header(name, item) })
    }
  }
  return pairs
}

function requestCookies(headers: HeaderMap, scrub: Scrub): HarCookie[] {
  const header = headers.cookie
  if (typeof header !== 'string') return []
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = eq === -1 ? pair : pair.slice(0, eq)
      const value = eq === -1 ? '' : pair.slice(eq + 1)
      // Every cookie value is treated as a session handle ('sid' is a secret field).
      return { name, value: scrub.param('sid', value) }
    })
}

function responseCookies(headers: HeaderMap, scrub: Scrub): HarCookie[] {
  const header = headers['set-cookie']
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header]
  return lines.map((line) => {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
    const eq = pair.indexOf('=')
    const cookie: HarCookie = {
      name: eq === -1 ? pair : pair.slice(0, eq),
      value: scrub.param('sid', eq === -1 ? '' : pair.slice(eq + 1)),
    }
    for (const attribute of attributes) {
      const [key = '', value = ''] = attribute.split('=')
      const lower = key.toLowerCase()
      if (lower === 'path') cookie.path = value
      else if (lower === 'domain') cookie.domain = value
      else if (lower === 'expires') cookie.expires = new Date(value).toISOString()
      else if (lower === 'httponly') cookie.httpOnly = true
      else if (lower === 'secure') cookie.secure = true
    }
    return cookie
  })
}

function bodyText(body: CapturedBody, scrub: Scrub): string {
  if (body.encoding !== 'utf8') return body.text
  const type = body.contentType ?? ''
  if (/x-www-form-urlencoded/i.test(type)) return scrub.form(body.text)
  if (/json/i.test(type)) return scrub.json(body.text)
  return scrub.text(body.text)
}

function truncationNote(body: CapturedBody): string | undefined {
  if (body.note === 'stream') return 'streamed response: its bytes were not recorded'
  if (body.truncated) return `recorded body cut at ${body.capBytes} of ${body.bytes} bytes`
  if (body.note) return `the parsed body written out again (${body.note})`
  return undefined
}

function entryOf(detail: ExchangeDetail, scrub: Scrub, origin: string): HarEntry {
  const host = detail.request.headers.host
  const base = typeof host === 'string' ? `http://${host}` : origin
  const q = detail.url.indexOf('?')
  const queryString =
    q === -1
      ? []
      : [...new URLSearchParams(detail.url.slice(q + 1))].map(([name, value]) => ({
          name,
          value: scrub.param(name, value),
        }))
  const requestBody = detail.request.body
  const responseBody = detail.response.body
  const location = detail.response.headers.location
  const contentType = (body: CapturedBody | null) => body?.contentType ?? 'application/octet-stream'

  const entry: HarEntry = {
    startedDateTime: detail.startedAt,
    time: detail.durationMs,
    request: {
      method: detail.method,
      url: scrub.url(base + detail.url),
      httpVersion: 'HTTP/1.1',
      cookies: requestCookies(detail.request.headers, scrub),
      headers: headerPairs(detail.request.headers, scrub),
      queryString,
      headersSize: -1,
      bodySize: requestBody?.bytes ?? 0,
    },
    response: {
      status: detail.status,
      statusText: STATUS_CODES[detail.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: responseCookies(detail.response.headers, scrub),
      headers: headerPairs(detail.response.headers, scrub),
      content: { size: responseBody?.bytes ?? 0, mimeType: contentType(responseBody) },
      redirectURL: typeof location === 'string' ? scrub.url(location) : '',
      headersSize: -1,
      bodySize: responseBody?.bytes ?? 0,
    },
    cache: {},
    timings: { send: 0, wait: detail.durationMs, receive: 0 },
    _gatehouse: {
      exchangeId: detail.id,
      flowId: detail.flowId,
      endpoint: detail.endpoint,
      outcome: detail.outcome,
      failedStep: detail.failedStep,
      app: detail.appName ?? detail.appKey,
      user: detail.username ?? detail.userId,
      grantType: detail.grantType,
      clientIp: detail.clientIp,
      steps: detail.steps.map((step) => ({
        name: step.name,
        outcome: step.outcome,
        detail: scrub.text(step.detail),
      })),
    },
  }
  if (requestBody) {
    const text = bodyText(requestBody, scrub)
    entry.request.postData = { mimeType: contentType(requestBody), text }
    if (/x-www-form-urlencoded/i.test(requestBody.contentType ?? '')) {
      entry.request.postData.params = [...new URLSearchParams(text)].map(([name, value]) => ({
        name,
        value,
      }))
    }
    const note = truncationNote(requestBody)
    if (note) entry.request.postData.comment = note
  }
  if (responseBody) {
    entry.response.content.text = bodyText(responseBody, scrub)
    if (responseBody.encoding === 'base64') entry.response.content.encoding = 'base64'
    const note = truncationNote(responseBody)
    if (note) entry.response.content.comment = note
  }
  return entry
}

/**
 * HAR 1.2 of recorded exchanges (oldest first). With `redact`, secrets, passwords, codes and
 * tokens are taken out of headers, cookies, URLs, bodies and step details alike.
 */
export function buildHar(details: ExchangeDetail[], options: HarOptions): Har {
  let scrub: Scrub = AS_IS
  if (options.redact) {
    const redactor = new Redactor(options.knownSecrets)
    for (const detail of details) redactor.collect(detail)
    scrub = redactor
  }
  const sorted = [...details].sort((a, b) => a.id - b.id)
  return {
    log: {
      version: '1.2',
      creator: { name: 'Gatehouse', version: GATEHOUSE_VERSION },
      entries: sorted.map((detail) => entryOf(detail, scrub, options.origin)),
      ...(options.redact
        ? { comment: 'Secrets, passwords, codes and tokens were replaced by REDACTED.' }
        : {}),
    },
  }
}
