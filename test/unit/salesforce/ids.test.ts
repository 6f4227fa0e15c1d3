import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  isSalesforceId,
  keyPrefixFor,
  newSalesforceId,
  normalizeId,
  randomChars,
  toId18,
  toId18IfShort,
} from '../../../src/core/salesforce/ids'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const id15 = fc.string({ unit: fc.constantFrom(...BASE62), minLength: 15, maxLength: 15 })

describe('toId18', () => {
  // The first two are widely quoted real pairs; the rest are edge cases worked out by hand.
  it.each([
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    ['003A0000005QB3A', '003A0000005QB3AIAW'],
    ['000000000000000', '000000000000000AAA'],
    ['AAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAA555'],
    ['aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaAAA'],
  ])('%s → %s', (short, long) => {
    expect(toId18(short)).toBe(long)
  })

  it('rejects anything but 15 letters and digits', () => {
    expect(() => toId18('001A0000006Vm9')).toThrow(TypeError)
    expect(() => toId18('001A0000006Vm9rIAC')).toThrow(TypeError)
    expect(() => toId18('001A0000006Vm9-')).toThrow(TypeError)
  })

  it('only depends on the first 15 characters (idempotent)', () => {
    fc.assert(
      fc.property(id15, (id) => {
        const long = toId18(id)
        expect(long.slice(0, 15)).toBe(id)
        expect(toId18(long.slice(0, 15))).toBe(long)
        expect(isSalesforceId(long)).toBe(true)
      }),
    )
  })

  it('changes its suffix when the case of any letter changes', () => {
    const withLetter = id15.chain((id) =>
      fc
        .tuple(fc.constant(id), fc.integer({ min: 0, max: 14 }))
        .filter(([s, i]) => /[A-Za-z]/.test(s[i]!)),
    )
    fc.assert(
      fc.property(withLetter, ([id, i]) => {
        const char = id[i]!
        const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()
        const other = id.slice(0, i) + flipped + id.slice(i + 1)
        expect(toId18(other).slice(15)).not.toBe(toId18(id).slice(15))
      }),
    )
  })
})

describe('isSalesforceId and normalizeId', () => {
  it('accepts 15-character ids and 18-character ids with the right checksum', () => {
    expect(isSalesforceId('001A0000006Vm9r')).toBe(true)
    expect(isSalesforceId('001A0000006Vm9rIAC')).toBe(true)
    expect(isSalesforceId('001A0000006Vm9rIAD')).toBe(false)
    expect(isSalesforceId('001a0000006vm9rIAC')).toBe(false)
    expect(isSalesforceId('001A0000006Vm9')).toBe(false)
    expect(isSalesforceId(42)).toBe(false)
  })

  it('normalizes to 18 characters and refuses a bad checksum', () => {
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC')
    expect(normalizeId('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC')
    expect(() => normalizeId('001A0000006Vm9rIAD')).toThrow(/Salesforce id/)
    expect(() => normalizeId('nope')).toThrow(TypeError)
  })
})

describe('newSalesforceId', () => {
  it('makes valid 18-character ids with the prefix', () => {
    for (const prefix of ['00D', '005', '001', 'a0B']) {
      const id = newSalesforceId(prefix)
      expect(id).toHaveLength(18)
      expect(id.startsWith(prefix)).toBe(true)
      expect(isSalesforceId(id)).toBe(true)
    }
  })

  it('is deterministic with injected randomness and differs without it', () => {
    const zeros = (size: number) => new Uint8Array(size)
    expect(newSalesforceId('005', zeros)).toBe('005000000000000AAA')
    expect(newSalesforceId('005')).not.toBe(newSalesforceId('005'))
  })

  it('refuses a malformed prefix', () => {
    expect(() => newSalesforceId('05')).toThrow(/key prefix/)
  })
})

describe('randomChars', () => {
  it('draws only from the alphabet, skipping bytes that would bias the result', () => {
    // 62 symbols: bytes 248..255 must be discarded.
    const bytes = [255, 248, 0, 61, 62]
    let next = 0
    const source = (size: number) =>
      Uint8Array.from({ length: size }, () => bytes[next++ % bytes.length]!)
    expect(randomChars(BASE62, 3, source)).toBe('0z0')
  })
})

describe('keyPrefixFor', () => {
  it('uses the real prefixes of standard objects, case-insensitively', () => {
    expect(keyPrefixFor('Account')).toBe('001')
    expect(keyPrefixFor('contact')).toBe('003')
    expect(keyPrefixFor('Lead')).toBe('00Q')
    expect(keyPrefixFor('Opportunity')).toBe('006')
    expect(keyPrefixFor('Case')).toBe('500')
  })

  it('gives other objects a stable custom-object prefix', () => {
    const prefix = keyPrefixFor('My_Widget__c')
    expect(prefix).toMatch(/^a[0-9A-Za-z]{2}$/)
    expect(keyPrefixFor('my_widget__c')).toBe(prefix)
  })
})

describe('toId18IfShort', () => {
  it('completes 15-character ids and keeps everything else as written', () => {
    expect(toId18IfShort('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC')
    expect(toId18IfShort('00D5g00000ABCDEFGH')).toBe('00D5g00000ABCDEFGH')
  })
})
