import { describe, expect, it } from 'vitest'
import { parseDuration, VirtualClock } from '../../../src/core/policy/clock'

describe('VirtualClock', () => {
  it('runs with the real clock plus an offset', () => {
    let real = 1_000_000
    const clock = new VirtualClock(() => real, 60)
    expect(clock.now()).toBe(1_060_000)
    real += 500
    expect(clock.now()).toBe(1_060_500)
  })

  it('advances by a duration without waiting', () => {
    const clock = new VirtualClock(() => 0)
    clock.advance(2 * 3600_000)
    expect(clock.now()).toBe(7_200_000)
    expect(clock.state().offsetMs).toBe(7_200_000)
  })

  it('stops when frozen and resumes where it stopped', () => {
    let real = 10_000
    const clock = new VirtualClock(() => real)
    clock.freeze()
    real += 5_000
    expect(clock.now()).toBe(10_000)
    clock.advance(1_000)
    expect(clock.now()).toBe(11_000)
    clock.unfreeze()
    expect(clock.now()).toBe(11_000)
    real += 1
    expect(clock.now()).toBe(11_001)
    expect(clock.state().frozen).toBe(false)
  })

  it('resets to the real time', () => {
    const clock = new VirtualClock(() => 42, 3600)
    clock.freeze()
    clock.reset()
    expect(clock.now()).toBe(42)
    expect(clock.state()).toEqual({ now: 42, offsetMs: 0, frozen: false })
  })
})

describe('parseDuration', () => {
  it.each([
    ['+2h', 7_200_000],
    ['90m', 5_400_000],
    ['-1d', -86_400_000],
    ['1h30m', 5_400_000],
    ['45s', 45_000],
    ['1w', 604_800_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', 'soon', '2 hours', 'h', '+', '1x'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull()
  })
})
