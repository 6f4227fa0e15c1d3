import { describe, expect, it } from 'vitest'
import { LoginRateCounter } from '../../../src/core/policy/login-rate'

const HOUR = 3_600_000

describe('LoginRateCounter', () => {
  it('allows up to the limit within the window, then refuses with the oldest login time', () => {
    const counter = new LoginRateCounter()
    expect(counter.count('u', 1_000, HOUR, 2)).toEqual({ allowed: true, count: 1 })
    expect(counter.count('u', 2_000, HOUR, 2)).toEqual({ allowed: true, count: 2 })
    expect(counter.count('u', 3_000, HOUR, 2)).toEqual({
      allowed: false,
      count: 2,
      oldestAt: 1_000,
    })
    expect(counter.count('other', 3_000, HOUR, 2)).toEqual({ allowed: true, count: 1 })
  })

  it('forgets logins once they leave the rolling hour', () => {
    const counter = new LoginRateCounter()
    counter.count('u', 0, HOUR, 1)
    expect(counter.count('u', HOUR - 1, HOUR, 1).allowed).toBe(false)
    expect(counter.count('u', HOUR, HOUR, 1)).toEqual({ allowed: true, count: 1 })
  })

  it('does not count logins "in the future" after the virtual clock moves back', () => {
    const counter = new LoginRateCounter()
    counter.count('u', 10 * HOUR, HOUR, 1)
    expect(counter.count('u', 5 * HOUR, HOUR, 1)).toEqual({ allowed: true, count: 1 })
  })

  it('stays correct over many logins', () => {
    const counter = new LoginRateCounter()
    for (let i = 0; i < 10_000; i++) counter.count('u', i * 1_000, HOUR, 5_000)
    // 3600 logins lie within the last hour (one per second).
    expect(counter.count('u', 10_000 * 1_000, HOUR, 5_000)).toEqual({ allowed: true, count: 3600 })
  })
})
