import { describe, expect, it } from 'vitest'
import { compareIps, parseIp } from '../../../src/core/workspace'

describe('parseIp', () => {
  it('reads IPv4 and IPv6 addresses as numbers', () => {
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n })
    expect(parseIp('255.255.255.255')).toEqual({ family: 4, value: 0xffffffffn })
    expect(parseIp('::')).toEqual({ family: 6, value: 0n })
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n })
    expect(parseIp('2001:db8::1')).toEqual({
      family: 6,
      value: 0x20010db8000000000000000000000001n,
    })
    expect(parseIp('fe80::')).toEqual({ family: 6, value: 0xfe800000000000000000000000000000n })
    expect(parseIp('1:2:3:4:5:6:7:8')).toEqual({
      family: 6,
      value: 0x00010002000300040005000600070008n,
    })
    expect(parseIp('::ffff:10.0.0.1')).toEqual({ family: 6, value: 0xffff0a000001n })
  })

  it('returns null for anything else', () => {
    for (const text of ['', 'localhost', '10.0.0', '10.0.0.256', '1::2::3', 'fe80::1%eth0']) {
      expect(parseIp(text)).toBeNull()
    }
  })
})

describe('compareIps', () => {
  it('orders addresses of one family numerically', () => {
    const sorted = ['10.0.0.10', '9.255.255.255', '10.0.0.9'].map((text) => parseIp(text)!)
    sorted.sort(compareIps)
    expect(sorted.map((ip) => ip.value)).toEqual([0x09ffffffn, 0x0a000009n, 0x0a00000an])
    expect(compareIps(parseIp('2001:db8::2')!, parseIp('2001:db8::10')!)).toBeLessThan(0)
    expect(compareIps(parseIp('::1')!, parseIp('::1')!)).toBe(0)
  })
})
