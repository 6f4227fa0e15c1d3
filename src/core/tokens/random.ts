import { hash, randomFillSync, timingSafeEqual } from 'node:crypto'

/**
 * Token material. Every value is ≥128 bits from the OS CSPRNG; only SHA-256 digests are
 * stored, so the database alone cannot be replayed against the server.
 */

// Asking the OS CSPRNG for a few bytes at a time costs a system call and a buffer each; a
// token request needs four values. Bytes are drawn from a pool refilled 4 KiB at a time
// (what Node does for randomUUID) and every byte is used once.
const POOL_SIZE = 4096
const pool = Buffer.alloc(POOL_SIZE)
let poolOffset = POOL_SIZE

/** `bytes` fresh random bytes from the pool, as a start offset into it (valid until the next draw). */
function draw(bytes: number): number {
  if (bytes > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} random bytes at once`)
  if (poolOffset + bytes > POOL_SIZE) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const start = poolOffset
  poolOffset += bytes
  return start
}

/** `bytes` fresh random bytes (a copy, the caller's to keep). */
export function randomBytes(bytes: number): Buffer {
  const start = draw(bytes)
  return Buffer.from(pool.subarray(start, start + bytes))
}

/** Random URL-safe text (base64url, no padding) from `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  const start = draw(bytes)
  return pool.toString('base64url', start, start + bytes)
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
  const start = draw(48)
  return `aPrx${pool
    .toString('base64', start, start + 48)
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

// crypto.hash is the one-shot digest: no Hash object per call (several per token request).
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex')
}

export function sha256Base64Url(value: string | Buffer): string {
  return hash('sha256', value, 'base64url')
}

/**
 * Constant-time equality of two strings of any length: compares SHA-256 digests, so the
 * time taken says nothing about where they differ or how long the secret is.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'))
}
