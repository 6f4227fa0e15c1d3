import type { ExchangeDetail } from '../../shared/admin-api'

export const REDACTED = 'REDACTED'

/** Parameters and JSON fields whose values are secrets, codes or tokens. */
export const SECRET_FIELDS = new Set([
  'password',
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'assertion',
  'client_assertion',
  'token',
  'subject_token',
  'actor_token',
  'device_code',
  'user_code',
  'csrf',
  'signature',
  'sid',
  'session_id',
])

/** Headers whose whole value is a credential. */
export const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-sfdc-session',
])

// Shapes that are always credentials, should one slip past the field and value lists:
// JWTs, Salesforce-style access tokens (`<org id>!…`), refresh tokens and codes.
const CREDENTIAL_SHAPES = [
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /\b00D[A-Za-z0-9]{12,15}(?:!|%21)[A-Za-z0-9._%-]+/g,
  /\b5Aep861[A-Za-z0-9._%-]{16,}/g,
  /\baPrx[A-Za-z0-9+/=%._-]{16,}/g,
]

// Values shorter than this are not scrubbed by value (they would blank ordinary words).
const MIN_SECRET_LENGTH = 8

function paramValues(text: string): URLSearchParams | undefined {
  try {
    return new URLSearchParams(text)
  } catch {
    return undefined
  }
}

/**
 * Takes secrets out of exported exchanges. Three layers: known fields and headers are blanked
 * where they appear; every secret value seen in them (and the workspace's own secrets and
 * passwords) is then replaced wherever else it shows up — HTML, error texts, step details,
 * URL-encoded or not; and anything shaped like a token is blanked last.
 */
export class Redactor {
  private readonly values = new Set<string>()

  constructor(extraSecrets: Iterable<string> = []) {
    for (const secret of extraSecrets) this.add(secret)
  }

  /** Learns the secret values an exchange carries. */
  collect(detail: ExchangeDetail): void {
    const q = detail.url.indexOf('?')
    if (q !== -1) this.collectParams(detail.url.slice(q + 1))
    const body = detail.request.body
    if (body?.encoding === 'utf8') {
      if (/json/i.test(body.contentType ?? '')) this.collectJson(body.text)
      else this.collectParams(body.text)
    }
    const response = detail.response.body
    if (response?.encoding === 'utf8' && /json/i.test(response.contentType ?? '')) {
      this.collectJson(response.text)
    }
    const location = detail.response.headers.location
    if (typeof location === 'string') {
      for (const part of location.split(/[?#]/).slice(1)) this.collectParams(part)
    }
    for (const headers of [detail.request.headers, detail.response.headers]) {
      for (const [name, value] of Object.entries(headers)) {
        if (!SECRET_HEADERS.has(name.toLowerCase())) continue
        for (const line of Array.isArray(value) ? value : [value]) {
          this.collectHeader(name.toLowerCase(), line)
        }
      }
    }
  }

  /** A header value as exported. */
  header(name: string, value: string): string {
    const lower = name.toLowerCase()
    if (lower === 'cookie') return value.split(';').map(redactCookiePair).join('; ')
    if (lower === 'set-cookie') {
      const [pair, ...attributes] = value.split(';')
      return [redactCookiePair(pair ?? ''), ...attributes].join(';')
    }
    if (SECRET_HEADERS.has(lower)) {
      const scheme = /^(\w+)\s+/.exec(value)?.[1]
      return scheme ? `${scheme} ${REDACTED}` : REDACTED
    }
    return this.text(value)
  }

  /** A parameter value as exported. */
  param(name: string, value: string): string {
    return SECRET_FIELDS.has(name) ? REDACTED : this.text(value)
  }

  /** Urlencoded text (a form body, a query) with secret fields blanked. */
  form(text: string): string {
    const params = paramValues(text)
    if (!params) return this.text(text)
    const out = new URLSearchParams()
    for (const [name, value] of params) out.append(name, this.param(name, value))
    return out.toString()
  }

  /** JSON text with secret fields blanked at any depth. */
  json(text: string): string {
    try {
      return JSON.stringify(this.jsonValue(JSON.parse(text)))
    } catch {
      return this.text(text)
    }
  }

  /** Any text: known secret values and token-shaped strings replaced. */
  text(value: string): string {
    let out = value
    for (const secret of this.values) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    }
    for (const shape of CREDENTIAL_SHAPES) out = out.replace(shape, REDACTED)
    return out
  }

  /** A URL with secret query and fragment parameters blanked. */
  url(value: string): string {
    const hash = value.indexOf('#')
    const base = hash === -1 ? value : value.slice(0, hash)
    const fragment = hash === -1 ? undefined : value.slice(hash + 1)
    const q = base.indexOf('?')
    let out =
      q === -1 ? this.text(base) : `${this.text(base.slice(0, q))}?${this.form(base.slice(q + 1))}`
    if (fragment !== undefined) out += `#${this.form(fragment)}`
    return out
  }

  private jsonValue(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value)
    if (Array.isArray(value)) return value.map((item) => this.jsonValue(item))
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [
          name,
          SECRET_FIELDS.has(name) && item !== null ? REDACTED : this.jsonValue(item),
        ]),
      )
    }
    return value
  }

  private add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return
    this.values.add(secret)
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret) this.values.add(encoded)
    const formEncoded = new URLSearchParams({ v: secret }).toString().slice(2)
    if (formEncoded !== secret) this.values.add(formEncoded)
  }

  private collectParams(text: string): void {
    const params = paramValues(text)
    if (!params) return
    for (const [name, value] of params) if (SECRET_FIELDS.has(name)) this.add(value)
  }

  private collectJson(text: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return
    }
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk)
      else if (value && typeof value === 'object') {
        for (const [name, item] of Object.entries(value)) {
          if (SECRET_FIELDS.has(name) && typeof item === 'string') this.add(item)
          else walk(item)
        }
      }
    }
    walk(parsed)
  }

  private collectHeader(name: string, value: string): void {
    const credentials = /^(\w+)\s+(\S+)/.exec(value)
    if (credentials?.[1]?.toLowerCase() === 'basic') {
      this.add(credentials[2])
      const decoded = Buffer.from(credentials[2]!, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon !== -1) {
        const secret = decoded.slice(colon + 1)
        this.add(secret)
        this.add(safeDecode(secret))
      }
      return
    }
    if (credentials && /^(bearer|oauth)$/i.test(credentials[1]!)) {
      this.add(credentials[2])
      return
    }
    // Cookies are session handles; a Set-Cookie's first pair is the cookie, the rest attributes.
    const pairs = value.split(';')
    for (const pair of name === 'set-cookie' ? pairs.slice(0, 1) : pairs) {
      const eq = pair.indexOf('=')
      if (eq !== -1) this.add(pair.slice(eq + 1).trim())
    }
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return value
  }
}

function redactCookiePair(pair: string): string {
  const eq = pair.indexOf('=')
  return eq === -1 ? pair.trim() : `${pair.slice(0, eq).trim()}=${REDACTED}`
}
