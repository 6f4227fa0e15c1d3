import { compareIps, parseIp, type NumericIp } from '../workspace/ip-address'
import type { IpRange } from '../workspace/types'

/**
 * Inclusive IP ranges as the org's settings hold them (`{ start, end }`, both ends of the
 * same family). An IPv4-mapped IPv6 address (::ffff:10.1.2.3, what a dual-stack socket
 * reports for an IPv4 caller) and the IPv4 address it carries are the same caller.
 */

// ::ffff:0:0/96: the upper 96 bits of a mapped address are 0…0ffff.
const MAPPED_V4_HIGH = 0xffffn
const V4_MASK = 0xffffffffn

/** ::ffff:a.b.c.d → a.b.c.d as a number; anything else unchanged. */
export function unmapIp(ip: NumericIp): NumericIp {
  if (ip.family === 6 && ip.value >> 32n === MAPPED_V4_HIGH) {
    return { family: 4, value: ip.value & V4_MASK }
  }
  return ip
}

/** a.b.c.d → ::ffff:a.b.c.d as a number. */
export function mapIp(ip: NumericIp): NumericIp {
  return ip.family === 4 ? { family: 6, value: (MAPPED_V4_HIGH << 32n) | ip.value } : ip
}

/**
 * Whether the address lies in the range. An IPv4 range is compared with IPv4 addresses
 * (mapped ones unmapped); an IPv6 range with IPv6 addresses, an IPv4 caller taken as its
 * mapped form, so a range written as ::ffff:172.16.0.0–::ffff:172.16.255.255 holds
 * 172.16.1.1 too.
 */
export function ipInRange(ip: NumericIp, range: IpRange): boolean {
  const start = parseIp(range.start)
  const end = parseIp(range.end)
  if (!start || !end || start.family !== end.family) return false
  const address = start.family === 4 ? unmapIp(ip) : mapIp(ip)
  if (address.family !== start.family) return false
  return compareIps(start, address) <= 0 && compareIps(address, end) <= 0
}

/** The first range holding the address, or undefined (also for text that is no address). */
export function findRange(ip: string, ranges: readonly IpRange[]): IpRange | undefined {
  const parsed = parseIp(ip)
  if (!parsed) return undefined
  return ranges.find((range) => ipInRange(parsed, range))
}

export function formatRange(range: IpRange): string {
  return range.start === range.end ? range.start : `${range.start}–${range.end}`
}

export function formatRanges(ranges: readonly IpRange[]): string {
  return ranges.map(formatRange).join(', ')
}

/**
 * The canonical text of an address a socket or header gave: IPv4-mapped IPv6 becomes the
 * IPv4 address, so the trace and the range checks show what a person would write.
 */
export function canonicalIp(text: string): string {
  // Only an IPv6 text can carry a mapped IPv4 address; anything else comes back as it is.
  // Every request asks (its socket address), and parsing is the costly part.
  if (!text.includes(':')) return text
  const parsed = parseIp(text)
  if (!parsed) return text
  const unmapped = unmapIp(parsed)
  if (unmapped.family === 4 && parsed.family === 6) {
    const v = unmapped.value
    return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join('.')
  }
  return text
}
