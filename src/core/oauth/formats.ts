/**
 * Salesforce's alternative response encodings (reference §2, §6): the token endpoint and the
 * identity URL answer JSON by default, and `format=json|urlencoded|xml` (or the matching
 * Accept header) asks for another encoding. One serializer per encoding, shared by both.
 */
export type ResponseFormat = 'json' | 'urlencoded' | 'xml'

export const FORMAT_CONTENT_TYPES: Readonly<Record<ResponseFormat, string>> = {
  json: 'application/json;charset=UTF-8',
  urlencoded: 'application/x-www-form-urlencoded;charset=UTF-8',
  xml: 'application/xml;charset=UTF-8',
}

const FORMAT_PARAMS: Readonly<Record<string, ResponseFormat>> = {
  json: 'json',
  urlencoded: 'urlencoded',
  xml: 'xml',
}

const MEDIA_TYPES: Readonly<Record<string, ResponseFormat>> = {
  'application/json': 'json',
  'application/x-www-form-urlencoded': 'urlencoded',
  'application/xml': 'xml',
  'text/xml': 'xml',
}

export interface FormatChoice {
  format: ResponseFormat
  /** Why, in plain words, for the `response.format` step. */
  why: string
}

/** The Accept media types with their q values, best first (RFC 9110 §12.5.1). */
function acceptedTypes(accept: string): string[] {
  return accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase())
      const q = parameters.find((p) => p.startsWith('q='))
      return { type, q: q ? Number(q.slice(2)) || 0 : 1, index }
    })
    .filter((entry) => entry.type && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.type)
}

/**
 * `format` wins over Accept; an Accept naming none of the three (or `*\/*`) means JSON. An
 * unknown `format` value also falls back to JSON, said so in the trace.
 */
export function negotiateFormat(
  formatParam: string | undefined,
  accept: string | undefined,
): FormatChoice {
  if (formatParam !== undefined) {
    const format = FORMAT_PARAMS[formatParam.toLowerCase()]
    if (format) return { format, why: `format=${formatParam}` }
    return { format: 'json', why: `format=${formatParam} is not json, urlencoded or xml: JSON` }
  }
  if (accept) {
    for (const type of acceptedTypes(accept)) {
      const format = MEDIA_TYPES[type]
      if (format) return { format, why: `Accept: ${accept} prefers ${type}` }
    }
    return { format: 'json', why: `Accept: ${accept} names no other encoding: JSON` }
  }
  return { format: 'json', why: 'no format parameter or Accept header: JSON' }
}

type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain }

function scalarText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value)
}

/**
 * Form encoding (`+` for spaces). Nested objects are flattened with dotted names
 * (`urls.rest=…`), arrays repeat their name, null is an empty value.
 */
export function toUrlencoded(record: Readonly<Record<string, Plain>>): string {
  const out = new URLSearchParams()
  const add = (name: string, value: Plain): void => {
    if (value === undefined) return
    if (value === null) out.append(name, '')
    else if (Array.isArray(value)) for (const item of value) add(name, item)
    else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) add(`${name}.${key}`, inner)
    } else out.append(name, scalarText(value))
  }
  for (const [name, value] of Object.entries(record)) add(name, value)
  return out.toString()
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}

/** Element names come from our own field names; anything else is refused, not escaped. */
const XML_NAME = /^[A-Za-z_][\w.-]*$/

function xmlElement(name: string, value: Plain): string {
  if (!XML_NAME.test(name)) throw new Error(`not an XML element name: ${name}`)
  if (value === undefined) return ''
  if (value === null) return `<${name} xsi:nil="true"/>`
  if (Array.isArray(value)) return value.map((item) => xmlElement(name, item)).join('')
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([key, item]) => xmlElement(key, item))
      .join('')
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(scalarText(value))}</${name}>`
}

/**
 * XML with one element per field under `root` (Salesforce's token responses use `OAuth`,
 * the identity service `user`); null values are `xsi:nil`.
 */
export function toXml(root: string, record: Readonly<Record<string, Plain>>): string {
  const fields = Object.entries(record)
    .map(([name, value]) => xmlElement(name, value))
    .join('')
  // The xsi namespace is declared only when a nil value needs it.
  const namespace = fields.includes(' xsi:nil=')
    ? ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    : ''
  return `<?xml version="1.0" encoding="UTF-8"?><${root}${namespace}>${fields}</${root}>`
}

/** The body text of a record in the chosen format. */
export function serialize(
  format: ResponseFormat,
  root: string,
  record: Readonly<Record<string, Plain>>,
): string {
  if (format === 'urlencoded') return toUrlencoded(record)
  if (format === 'xml') return toXml(root, record)
  return JSON.stringify(record)
}
