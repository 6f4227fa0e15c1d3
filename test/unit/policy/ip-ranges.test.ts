import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalIp, findRange, formatRange, ipInRange } from '../../../src/core/policy/ip-ranges'
import { parseIp } from '../../../src/core/workspace/ip-address'

/** Addresses as text and as the number they stand for, so the oracle is plain arithmetic. */
const v4 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => ({
  value: BigInt(n),
  text: [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.'),
}))

/** Full eight-group form; parseIp's own compression handling is tested in ip-address. */
function v6Text(value: bigint): string {
  const groups: string[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(((value >> shift) & 0xffffn).toString(16))
  }
  return groups.join(':')
}

const v6 = fc
  .bigInt({ min: 0n, max: (1n << 128n) - 1n })
  .map((value) => ({ value, text: v6Text(value) }))

/** A range from two addresses, in order. */
const rangeOf = <T extends { value: bigint; text: string }>(a: T, b: T) =>
  a.value <= b.value ? { start: a.text, end: b.text } : { start: b.text, end: a.text }

const numeric = (text: string) => parseIp(text)!.value

describe('IP range matching (property)', () => {
  it('IPv4: an address is in a range exactly when start ≤ address ≤ end', () => {
    fc.assert(
      fc.property(v4, v4, v4, (a, b, ip) => {
        const range = rangeOf(a, b)
        const expected = numeric(range.start) <= ip.value && ip.value <= numeric(range.end)
        expect(ipInRange(parseIp(ip.text)!, range)).toBe(expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('IPv6: an address is in a range exactly when start ≤ address ≤ end', () => {
    fc.assert(
      fc.property(v6, v6, v6, (a, b, ip) => {
        const range = rangeOf(a, b)
        const expected = numeric(range.start) <= ip.value && ip.value <= numeric(range.end)
        expect(ipInRange(parseIp(ip.text)!, range)).toBe(expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('both ends of a range and every address between are inside; neighbours outside', () => {
    fc.assert(
      fc.property(v6, fc.bigInt({ min: 0n, max: 1000n }), (start, width) => {
        fc.pre(start.value + width + 1n < 1n << 128n && start.value > 0n)
        const end = start.value + width
        const text = v6Text
        const range = { start: start.text, end: text(end) }
        expect(ipInRange(parseIp(range.start)!, range)).toBe(true)
        expect(ipInRange(parseIp(range.end)!, range)).toBe(true)
        expect(ipInRange(parseIp(text(start.value - 1n))!, range)).toBe(false)
        expect(ipInRange(parseIp(text(end + 1n))!, range)).toBe(false)
      }),
    )
  })

  it('an IPv4 address and its IPv4-mapped IPv6 form are the same caller, either way round', () => {
    fc.assert(
      fc.property(v4, v4, v4, (a, b, ip) => {
        const v4Range = rangeOf(a, b)
        const mappedRange = { start: `::ffff:${v4Range.start}`, end: `::ffff:${v4Range.end}` }
        const plain = parseIp(ip.text)!
        const mapped = parseIp(`::ffff:${ip.text}`)!
        const inside = ipInRange(plain, v4Range)
        expect(ipInRange(mapped, v4Range)).toBe(inside)
        expect(ipInRange(plain, mappedRange)).toBe(inside)
        expect(ipInRange(mapped, mappedRange)).toBe(inside)
      }),
    )
  })

  it('never matches across families otherwise', () => {
    fc.assert(
      fc.property(v4, v4, v6, (a, b, ip) => {
        fc.pre(ip.value >> 32n !== 0xffffn)
        expect(ipInRange(parseIp(ip.text)!, rangeOf(a, b))).toBe(false)
      }),
    )
  })
})

describe('range helpers', () => {
  it('finds the first range holding an address, and nothing for text that is no address', () => {
    const ranges = [
      { start: '10.0.0.0', end: '10.255.255.255' },
      { start: '2001:db8::', end: '2001:db8::ffff' },
    ]
    expect(findRange('10.1.2.3', ranges)).toBe(ranges[0])
    expect(findRange('2001:db8::42', ranges)).toBe(ranges[1])
    expect(findRange('192.168.0.1', ranges)).toBeUndefined()
    expect(findRange('not-an-ip', ranges)).toBeUndefined()
  })

  it('formats ranges as people write them', () => {
    expect(formatRange({ start: '192.168.10.0', end: '192.168.10.255' })).toBe(
      '192.168.10.0–192.168.10.255',
    )
    expect(formatRange({ start: '10.0.0.1', end: '10.0.0.1' })).toBe('10.0.0.1')
  })

  it('shows a dual-stack socket address as the IPv4 address it carries', () => {
    expect(canonicalIp('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(canonicalIp('::1')).toBe('::1')
    expect(canonicalIp('203.0.113.9')).toBe('203.0.113.9')
  })
})
