import { describe, expect, it } from 'vitest'
import {
  newAuthorizationCode,
  newGrantId,
  newOpaqueAccessToken,
  newRefreshToken,
  randomBytes,
  randomToken,
} from '../../../src/core/tokens/random'

describe('token material from the random pool', () => {
  it('never hands out the same bytes twice, across many refills of the pool', () => {
    const seen = new Set<string>()
    // 20,000 × 72 bytes is about 350 refills of the 4 KiB pool.
    for (let i = 0; i < 20_000; i++) seen.add(newOpaqueAccessToken('00D5g00000ABCDE'))
    expect(seen.size).toBe(20_000)
    const blocks = new Set<string>()
    for (let i = 0; i < 5_000; i++) blocks.add(randomBytes(16).toString('hex'))
    expect(blocks.size).toBe(5_000)
  })

  it('keeps each value its caller’s: a copy, not a view of the pool', () => {
    const first = randomBytes(32)
    const kept = Buffer.from(first)
    for (let i = 0; i < 200; i++) randomBytes(64) // forces the pool to refill under it
    expect(first.equals(kept)).toBe(true)
  })

  it('keeps the shapes clients parse', () => {
    expect(newOpaqueAccessToken('00D5g00000ABCDEAAA')).toMatch(
      /^00D5g00000ABCDE!AQ[A-Za-z0-9._]{96}$/,
    )
    expect(newRefreshToken()).toMatch(/^5Aep861[A-Za-z0-9._]{64}$/)
    expect(newAuthorizationCode()).toMatch(/^aPrx[A-Za-z0-9]{64}$/)
    expect(randomToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newGrantId(Date.UTC(2026, 0, 1))).toMatch(
      /^019b76da-a800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('refuses a draw larger than the pool rather than repeating bytes', () => {
    expect(() => randomToken(5000)).toThrow(/at most 4096 random bytes/)
  })
})
