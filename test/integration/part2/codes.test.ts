import { describe, expect, it } from 'vitest'
import {
  USER_CODE_ALPHABET,
  displayUserCode,
  newDeviceCode,
  newUserCode,
  normalizeUserCode,
} from '../../../src/core/oauth/device/codes'

/** The device flow's codes (RFC 8628 §6.1, security case 38). */
describe('device and user codes', () => {
  it('1000 device authorizations: user codes of 8 letters from the 20 unambiguous consonants, no repeats; device codes of 256 bits', () => {
    const users = new Set<string>()
    const devices = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const user = newUserCode()
      expect(user).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/)
      users.add(user)
      const device = newDeviceCode()
      expect(Buffer.from(device, 'base64url')).toHaveLength(32)
      devices.add(device)
    }
    expect(USER_CODE_ALPHABET).toBe('BCDFGHJKLMNPQRSTVWXZ')
    expect(users.size).toBe(1000)
    expect(devices.size).toBe(1000)
  })

  it('every letter of the alphabet turns up (the draw is uniform enough to use them all)', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) for (const c of newUserCode()) seen.add(c)
    expect([...seen].sort().join('')).toBe(USER_CODE_ALPHABET)
  })

  it('what people type is read case- and dash-insensitively; anything else is no code at all', () => {
    expect(normalizeUserCode('bcdf-ghjk')).toBe('BCDFGHJK')
    expect(normalizeUserCode(' BcDf GhJk ')).toBe('BCDFGHJK')
    expect(normalizeUserCode('BC-DF-GH-JK')).toBe('BCDFGHJK')
    expect(normalizeUserCode('BCDFGHJ')).toBeUndefined()
    expect(normalizeUserCode('BCDFGHJKL')).toBeUndefined()
    // Vowels and look-alikes are not in the alphabet.
    expect(normalizeUserCode('BCDFGHJA')).toBeUndefined()
    expect(normalizeUserCode('BCDFGHJ0')).toBeUndefined()
    expect(normalizeUserCode(undefined)).toBeUndefined()
    expect(displayUserCode('BCDFGHJK')).toBe('BCDF-GHJK')
  })
})
