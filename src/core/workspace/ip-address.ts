import { isIP } from 'node:net'

/** An IP address as a number, so ranges can be ordered and compared. */
export interface NumericIp {
  family: 4 | 6
  value: bigint
}

/**
 * Parses an IPv4 or IPv6 address into its numeric value, or returns null when the text is
 * not an address. IPv6 zone ids (`fe80::1%eth0`) are not accepted: a zone names a local
 * interface, which means nothing in an org's IP ranges.
 */
export function parseIp(text: string): NumericIp | null {
  if (text.includes('%')) return null
  const family = isIP(text)
  if (family === 4) return { family: 4, value: ipv4Value(text) }
  if (family === 6) return { family: 6, value: ipv6Value(text) }
  return null
}

/** Orders two addresses of the same family; mixed families compare by family. */
export function compareIps(a: NumericIp, b: NumericIp): number {
  if (a.family !== b.family) return a.family - b.family
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n)
}

// Only called on text that isIP() accepted, so the shape is already known to be valid.
function ipv6Value(text: string): bigint {
  let address = text
  const lastColon = address.lastIndexOf(':')
  const tail = address.slice(lastColon + 1)
  if (tail.includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two 16-bit groups.
    const v4 = ipv4Value(tail)
    const high = (v4 >> 16n).toString(16)
    const low = (v4 & 0xffffn).toString(16)
    address = `${address.slice(0, lastColon + 1)}${high}:${low}`
  }
  const [head, rest] = address.split('::') as [string, string | undefined]
  const headGroups = head === '' ? [] : head.split(':')
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':')
  const zeros = new Array<string>(8 - headGroups.length - restGroups.length).fill('0')
  const groups = rest === undefined ? headGroups : [...headGroups, ...zeros, ...restGroups]
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n)
}
