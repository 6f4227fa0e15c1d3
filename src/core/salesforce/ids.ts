import { randomBytes as cryptoRandomBytes } from 'node:crypto'

/**
 * Salesforce record ids: a 3-character key prefix naming the object type, 12 characters of
 * record identity, and (in the 18-character form) a 3-character suffix that encodes which of
 * the first 15 characters are upper case, so the id survives case-insensitive systems.
 */

/** Source of random bytes; injectable so tests can generate deterministic ids. */
export type RandomBytes = (size: number) => Uint8Array

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const ID15 = /^[0-9A-Za-z]{15}$/
const ID18 = /^[0-9A-Za-z]{18}$/
const KEY_PREFIX = /^[0-9A-Za-z]{3}$/

/** Appends Salesforce's case-encoding checksum to a 15-character id. */
export function toId18(id15: string): string {
  if (!ID15.test(id15)) {
    throw new TypeError(`expected a 15-character Salesforce id, got ${JSON.stringify(id15)}`)
  }
  let suffix = ''
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0
    for (let i = 0; i < 5; i++) {
      const char = id15[chunk * 5 + i]!
      if (char >= 'A' && char <= 'Z') bits |= 1 << i
    }
    suffix += CHECKSUM_ALPHABET[bits]
  }
  return id15 + suffix
}

/** True for a 15-character id, or an 18-character id whose checksum matches. */
export function isSalesforceId(value: unknown): value is string {
  if (typeof value !== 'string') return false
  if (ID15.test(value)) return true
  return ID18.test(value) && toId18(value.slice(0, 15)) === value
}

/** Returns the 18-character form; throws when the value is not a valid Salesforce id. */
export function normalizeId(value: string): string {
  if (ID15.test(value)) return toId18(value)
  if (isSalesforceId(value)) return value
  throw new TypeError(`expected a 15- or 18-character Salesforce id, got ${JSON.stringify(value)}`)
}

/**
 * Completes a 15-character id to 18 characters and leaves any other value as written. For ids
 * from hand-written workspaces, whose made-up 18-character suffixes need not be checksums.
 */
export function toId18IfShort(id: string): string {
  return ID15.test(id) ? toId18(id) : id
}

/**
 * Picks `length` characters uniformly from `alphabet`. Bytes that would bias the result
 * (those past the largest multiple of the alphabet size) are discarded and redrawn.
 */
export function randomChars(
  alphabet: string,
  length: number,
  randomBytes: RandomBytes = cryptoRandomBytes,
): string {
  if (alphabet.length < 2 || alphabet.length > 256) {
    throw new RangeError('alphabet must have between 2 and 256 characters')
  }
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length - out.length + 8)) {
      if (byte >= limit) continue
      out += alphabet[byte % alphabet.length]
      if (out.length === length) break
    }
  }
  return out
}

/** A fresh 18-character id with the given key prefix ('00D' org, '005' user, '001' Account…). */
export function newSalesforceId(prefix: string, randomBytes?: RandomBytes): string {
  if (!KEY_PREFIX.test(prefix)) {
    throw new TypeError(`expected a 3-character key prefix, got ${JSON.stringify(prefix)}`)
  }
  return toId18(prefix + randomChars(BASE62, 12, randomBytes))
}

/** Key prefixes of the standard objects a workspace is likely to hold records for. */
const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = {
  account: '001',
  note: '002',
  contact: '003',
  user: '005',
  opportunity: '006',
  document: '015',
  pricebook2: '01s',
  product2: '01t',
  asset: '02i',
  contentversion: '068',
  contentdocument: '069',
  lead: '00Q',
  task: '00T',
  event: '00U',
  attachment: '00P',
  case: '500',
  solution: '501',
  campaign: '701',
  contract: '800',
  order: '801',
}

/**
 * The key prefix for an sObject. Standard objects get Salesforce's real prefix; any other
 * object gets a custom-object style prefix ('a' + two characters) derived from its name, so
 * the same object keeps the same prefix across loads and machines.
 */
export function keyPrefixFor(sObjectName: string): string {
  const known = STANDARD_KEY_PREFIXES[sObjectName.toLowerCase()]
  if (known) return known
  // FNV-1a over the lower-cased name: a tiny, stable hash, good enough to spread names.
  let hash = 0x811c9dc5
  for (const char of sObjectName.toLowerCase()) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return 'a' + BASE62[hash % 62] + BASE62[Math.floor(hash / 62) % 62]
}
