import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src/core/policy/clock'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1 } from '../../support/workspace'
import {
  API,
  detailOf,
  expectOAuthError,
  OFFICE_IP,
  passwordGrant,
  policyWorkspace,
  RITA,
  tracedServer,
  type TracedServer,
} from './support'

/**
 * Login hours and the login rate, both on the virtual clock: the tests move time, never
 * wait. The clock starts frozen on Tuesday 2025-06-03 12:00 UTC.
 */
const TUESDAY_NOON = Date.parse('2025-06-03T12:00:00Z')
const HOUR = 3_600_000

let gh: RunningGatehouse
let traced: TracedServer

beforeAll(async () => {
  const ws = policyWorkspace()
  const staff = ws.profiles.find((p) => p.name === 'Restricted Staff')!
  staff.loginIpRanges = []
  staff.loginHours = {
    timeZone: 'UTC',
    tuesday: { start: '08:00', end: '17:00' },
    wednesday: { start: '00:00', end: '00:00' },
  }
  ws.org!.loginRateLimitPerHour = 3
  // Tokens outlive the hours moved below, so only the login hours can refuse them.
  ws.org!.sessionTimeoutMinutes = 1440
  const clock = new VirtualClock(() => TUESDAY_NOON)
  clock.freeze()
  gh = await startGatehouse({ workspace: ws, clock })
  traced = await tracedServer(gh)
})
afterAll(async () => {
  await traced.close()
  await gh.close()
})

describe('profile login hours', () => {
  it('allow a login inside the hours and refuse it outside, on the virtual clock', async () => {
    const inside = await passwordGrant(gh, RITA)
    expect(inside.status).toBe(200)
    const { access_token: token } = (await inside.json()) as { access_token: string }

    gh.clock.advance(6 * HOUR) // Tuesday 18:00
    await expectOAuthError(
      await passwordGrant(gh, RITA),
      400,
      'invalid_grant',
      'ip restricted or invalid login hours',
    )

    // Users outside their hours can take no further action: the API refuses the session.
    const api = await traced.app.inject({
      url: `${API}/limits`,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(api.statusCode).toBe(401)
    expect(detailOf(traced.last(), 'policy.login_hours')).toBe(
      "Tuesday 18:00 (UTC, virtual clock) is outside profile Restricted Staff's login hours Tuesday 08:00–17:00",
    )

    gh.clock.advance(7 * HOUR) // Wednesday 01:00: a blocked day
    const blocked = await traced.app.inject({
      url: `${API}/limits`,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(blocked.statusCode).toBe(401)
    expect(detailOf(traced.last(), 'policy.login_hours')).toContain('allows no logins on Wednesday')

    gh.clock.advance(24 * HOUR) // Thursday 01:00: no hours set, any time
    expect((await passwordGrant(gh, RITA)).status).toBe(200)
  })
})

describe('login rate per user per hour', () => {
  it('refuses the login over the limit with 429 and Retry-After, until the hour rolls on', async () => {
    gh.clock.advance(7 * 24 * HOUR) // a fresh hour, far from the logins above
    for (let i = 0; i < 3; i++) expect((await passwordGrant(gh, 'sam@acme.test')).status).toBe(200)
    gh.clock.advance(10 * 60_000)
    const refused = await passwordGrant(gh, 'sam@acme.test')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe(String(50 * 60))
    expect(await refused.json()).toEqual({
      error: 'rate_limit_exceeded',
      error_description: 'number of logins exceeded',
    })
    // Another user is counted separately.
    expect((await passwordGrant(gh, 'ada@acme.test')).status).toBe(200)
    // A refused login is not counted: an hour after the first three, all three have rolled off.
    gh.clock.advance(50 * 60_000)
    expect((await passwordGrant(gh, 'sam@acme.test')).status).toBe(200)
  })

  it('says what was counted', async () => {
    gh.clock.advance(2 * HOUR)
    await traced.app.inject({
      method: 'POST',
      url: '/services/oauth2/token',
      payload: new URLSearchParams({
        grant_type: 'password',
        client_id: C1.key,
        client_secret: C1.secret,
        username: 'sam@acme.test',
        password: 'Passw0rd!',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(detailOf(traced.last(), 'policy.login_rate')).toBe(
      'login 1 of 3 allowed for sam@acme.test in the last hour (org.loginRateLimitPerHour)',
    )
  })

  it('defaults to Salesforce’s 3600 per hour', async () => {
    const local = await startGatehouse({ workspace: policyWorkspace() })
    try {
      local.engine.policy.simulation.set({ clientIp: OFFICE_IP })
      expect((await passwordGrant(local, 'sam@acme.test')).status).toBe(200)
      const verdict = local.engine.policy.loginRate.count(
        local.engine.store.workspace.findUserByUsername('sam@acme.test')!.id,
        local.clock.now(),
        HOUR,
        3600,
      )
      expect(verdict).toEqual({ allowed: true, count: 2 })
    } finally {
      await local.close()
    }
  })
})
