import { X509Certificate } from 'node:crypto'
import { z } from 'zod'
import { toId18IfShort } from '../salesforce/ids'
import { compareIps, parseIp } from './ip-address'

/** Field schemas shared by several parts of the workspace schema. */

export const nonEmptyString = z.string().regex(/\S/, { error: 'expected a non-empty string' })

/** An IPv4 or IPv6 address. */
export const ipAddress = z
  .string()
  .refine((text) => parseIp(text) !== null, { error: 'expected an IPv4 or IPv6 address' })

/** `{ start, end }`, both addresses of the same family, start not after end. */
export const ipRange = z
  .strictObject({ start: ipAddress, end: ipAddress })
  .superRefine((range, ctx) => {
    const start = parseIp(range.start)
    const end = parseIp(range.end)
    if (!start || !end) return
    if (start.family !== end.family) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'expected the same IP version as start (both IPv4 or both IPv6)',
      })
    } else if (compareIps(start, end) > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `expected an address at or after start (${range.start})`,
      })
    }
  })
  .describe('An inclusive range of IP addresses.')

const FORBIDDEN_CALLBACK_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'vbscript:'])

/**
 * A redirect URI. Salesforce matches callbacks as exact strings and allows custom schemes for
 * mobile apps, so only the schemes that could run code or read local files are refused.
 */
export const callbackUrl = z.string({ error: 'expected a URL string' }).superRefine((text, ctx) => {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a URL string' })
    return
  }
  if (text.includes('#')) {
    ctx.addIssue({ code: 'custom', message: 'must not contain a fragment (#)' })
  }
  if (FORBIDDEN_CALLBACK_SCHEMES.has(url.protocol)) {
    ctx.addIssue({ code: 'custom', message: `must not use the ${url.protocol} scheme` })
  }
})

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+?\r?\n-----END CERTIFICATE-----$/

/** A PEM-encoded X.509 certificate that node:crypto can actually read. */
export const pemCertificate = z.string().refine(
  (text) => {
    if (!PEM_CERTIFICATE.test(text.trim())) return false
    try {
      new X509Certificate(text)
      return true
    } catch {
      return false
    }
  },
  { error: 'expected a PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- …)' },
)

/**
 * A Salesforce id with a given key prefix, accepted in its 15- or 18-character form; a
 * 15-character id is stored in the 18-character form the identity URL and the API use.
 * The checksum of an 18-character id is deliberately not enforced: hand-written workspaces
 * (DESIGN.md's own example, 00D5g00000ABCDEFGH, among them) use made-up ids, and Gatehouse
 * only needs them well-formed and unique.
 */
export function salesforceId(prefix: string, what: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$`), {
      error: `expected a 15- or 18-character ${what} id starting with ${prefix}`,
    })
    .transform(toId18IfShort)
}

/** A record id as a workspace may give it: 15 or 18 letters and digits. */
export const RECORD_ID = /^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/

// Salesforce requires usernames (and user emails) in the form of an email address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const emailShaped = (what: string) =>
  z.string().regex(EMAIL_SHAPE, { error: `expected ${what} in the form name@example.com` })

/** Consumer keys travel in URLs and form bodies; keep them to printable ASCII. */
export const consumerKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, {
    error: 'expected 1 to 255 printable characters without spaces',
  })
  .describe('The OAuth client_id. Generated (3MVG9…) when absent.')

/** Salesforce has required consumer secrets of at least 32 characters since Spring ’19. */
export const consumerSecret = z
  .string()
  .regex(/^[\x21-\x7e]*$/, { error: 'expected printable characters without spaces' })
  .min(32, { error: 'expected at least 32 characters (Salesforce’s minimum secret length)' })
  .max(255, { error: 'expected at most 255 characters' })
  .describe('The OAuth client_secret (at least 32 characters). Generated when absent.')

export const sObjectName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
  error: 'expected an sObject API name (letters, digits and underscores, e.g. Account)',
})

export const recordFieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
  error: 'expected a field API name (letters, digits and underscores, e.g. Name)',
})
