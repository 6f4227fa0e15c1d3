import { createHash, X509Certificate } from 'node:crypto'

/** Clock skew allowed on exp / nbf / iat (security case 34: exp = now − 30 s is accepted). */
export const ASSERTION_SKEW_MS = 60_000

/** An assertion issued longer ago than this is refused even if its exp is still ahead. */
export const ASSERTION_MAX_AGE_MS = 24 * 60 * 60_000

/** The audiences Salesforce accepts, plus this server's own issuer (reference §4.4). */
export const SALESFORCE_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com']

/**
 * A NumericDate read leniently, in milliseconds. The JWT spec says seconds, but the
 * Salesforce CLI sends milliseconds (`Date.now() + 300`) and simple-salesforce a numeric
 * string, and Salesforce accepts both: a value above 10^12 is taken as milliseconds (10^12
 * seconds lies in the year 33658; 10^12 ms is 2001).
 */
export function numericDateMs(value: unknown): number | undefined {
  let n: number
  if (typeof value === 'number') n = value
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) n = Number(value)
  else return undefined
  if (!Number.isFinite(n) || n < 0) return undefined
  return n > 1e12 ? Math.floor(n) : Math.floor(n * 1000)
}

/** `aud` may be one string or an array; one accepted value is enough. */
export function matchingAudience(aud: unknown, accepted: readonly string[]): string | undefined {
  const values = Array.isArray(aud) ? aud : [aud]
  return values.find((v): v is string => typeof v === 'string' && accepted.includes(v))
}

/** The key ids a header may use to name the app's certificate: its x5t and x5t#S256. */
export function certificateKeyIds(pem: string): string[] {
  const der = new X509Certificate(pem).raw
  return [
    createHash('sha1').update(der).digest('base64url'),
    createHash('sha256').update(der).digest('base64url'),
  ]
}

/** A header or claim value shown in the trace: quoted, and cut short if an attacker made it long. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}
