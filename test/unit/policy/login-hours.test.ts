import { describe, expect, it } from 'vitest'
import { evaluateLoginHours, localTime } from '../../../src/core/policy/login-hours'
import type { LoginHours } from '../../../src/core/workspace'

// 2025-06-03 was a Tuesday. Times are UTC unless a zone says otherwise.
const at = (iso: string) => Date.parse(iso)

const office: LoginHours = {
  timeZone: 'UTC',
  monday: { start: '08:00', end: '17:00' },
  tuesday: { start: '08:00', end: '17:00' },
  saturday: { start: '00:00', end: '00:00' },
  sunday: { start: '10:00', end: '24:00' },
}
const profile = (loginHours?: LoginHours) => ({ name: 'Restricted Staff', loginHours })

describe('login hours: decision table', () => {
  const table: Array<[string, string, 'passed' | 'failed' | 'skipped']> = [
    ['start is inclusive', '2025-06-03T08:00:00Z', 'passed'],
    ['inside', '2025-06-03T12:34:00Z', 'passed'],
    ['one minute before start', '2025-06-03T07:59:00Z', 'failed'],
    ['end is exclusive', '2025-06-03T17:00:00Z', 'failed'],
    ['a day left out allows any time', '2025-06-04T03:00:00Z', 'passed'],
    ['equal times block the day', '2025-06-07T12:00:00Z', 'failed'],
    ['24:00 runs to midnight', '2025-06-08T23:59:00Z', 'passed'],
    ['before a 10:00 start on Sunday', '2025-06-08T09:59:00Z', 'failed'],
  ]
  for (const [what, iso, expected] of table) {
    it(`${what} (${iso}) → ${expected}`, () => {
      expect(evaluateLoginHours(profile(office), at(iso)).outcome).toBe(expected)
    })
  }

  it('a profile without login hours is not checked', () => {
    expect(evaluateLoginHours(profile(), at('2025-06-03T03:00:00Z'))).toEqual({
      outcome: 'skipped',
      detail: 'profile Restricted Staff has no login hours',
    })
  })

  it('says what was compared', () => {
    expect(evaluateLoginHours(profile(office), at('2025-06-03T18:30:00Z')).detail).toBe(
      "Tuesday 18:30 (UTC, virtual clock) is outside profile Restricted Staff's login hours Tuesday 08:00–17:00",
    )
    expect(evaluateLoginHours(profile(office), at('2025-06-07T12:00:00Z')).detail).toContain(
      'allows no logins on Saturday',
    )
  })

  it('reads the hours in the profile’s zone, by default the org’s (America/Los_Angeles)', () => {
    const berlin: LoginHours = {
      timeZone: 'Europe/Berlin',
      tuesday: { start: '08:00', end: '17:00' },
    }
    // 06:30 UTC is 08:30 in Berlin (CEST, UTC+2) on that Tuesday.
    expect(evaluateLoginHours(profile(berlin), at('2025-06-03T06:30:00Z')).outcome).toBe('passed')
    const pacific: LoginHours = { tuesday: { start: '08:00', end: '17:00' } }
    // 16:00 UTC is 09:00 in Los Angeles (PDT, UTC−7).
    expect(evaluateLoginHours(profile(pacific), at('2025-06-03T16:00:00Z')).outcome).toBe('passed')
    // 08:00 UTC Tuesday is 01:00 Tuesday in Los Angeles: before 08:00.
    const early = evaluateLoginHours(profile(pacific), at('2025-06-03T08:00:00Z'))
    expect(early.outcome).toBe('failed')
    expect(early.detail).toContain('Tuesday 01:00 (America/Los_Angeles, virtual clock)')
  })

  it('computes local time, midnight included', () => {
    expect(localTime(at('2025-06-03T00:00:00Z'), 'UTC')).toEqual({
      weekday: 'tuesday',
      minutes: 0,
      label: 'Tuesday 00:00',
    })
  })
})
