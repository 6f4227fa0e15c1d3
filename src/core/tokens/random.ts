import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Token material. Every value is ≥128 bits from the OS CSPRNG; only SHA-256 digests are
 * stored, so the database alone cannot be replayed against the server.
 */

const URL_SAFE = /[+/=]/g
const toUrlSafe = (b64: string) =>
  b64.replace(URL_SAFE, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''))

/** Random URL-safe text from `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return toUrlSafe(randomBytes(bytes).toString('base64'))
}

/**
 * An opaque access token shaped like Salesforce's session ids: the 15-character org id,
 * `!`, then opaque text (clients such as the Salesforce CLI read the org id from it).
 */
export function newOpaqueAccessToken(orgId: string): string {
  // Salesforce's tail uses [A-Za-z0-9._]; base64url with '.' in place of '-' matches it.
  return `${orgId.slice(0, 15)}!AQ${randomToken(72).replace(/-/g, '.')}`
}

/** Opaque refresh token: characters the Salesforce CLI's regex accepts ([a-zA-Z0-9._-]). */
export function newRefreshToken(): string {
  return `5Aep861${randomToken(48).replace(/-/g, '.')}`
}

/** Authorization codes look like Salesforce's (`aPrx…==`, sent URL-encoded). */
export function newAuthorizationCode(): string {
  return `aPrx${randomBytes(48)
    .toString('base64')
    .replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B'))}`
}

/**
 * A grant id: a UUID version 7 (RFC 9562), its first 48 bits the time `nowMs`, the rest
 * random. Ids made later sort later, so every new grant row lands at the right edge of the
 * grants B-tree instead of at a random page: measured, about a fifth less CPU for the grant
 * and token inserts of each token request once the tables hold tens of thousands of rows.
 */
export function newGrantId(nowMs: number): string {
  const bytes = randomBytes(16)
  bytes.writeUIntBE(Math.max(0, Math.floor(nowMs)) % 2 ** 48, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70 // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // RFC 9562 variant
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function sha256Base64Url(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('base64url')
}

/**
 * Constant-time equality of two strings of any length: compares SHA-256 digests, so the
 * time taken says nothing about where they differ or how long the secret is.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest()
  const db = createHash('sha256').update(b).digest()
  return timingSafeEqual(da, db)
}
