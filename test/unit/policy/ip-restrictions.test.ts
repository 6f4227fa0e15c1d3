import { describe, expect, it } from 'vitest'
import {
  evaluateIpRestriction,
  evaluateRefreshAllowlist,
  type IpCheckFlow,
  type IpRestrictionInput,
} from '../../../src/core/policy/ip-restrictions'
import { IP_RELAXATIONS } from '../../../src/core/workspace'

const RESTRICTED = {
  name: 'Restricted Staff',
  loginIpRanges: [{ start: '192.168.10.0', end: '192.168.10.255' }],
}
const OPEN = { name: 'Standard User', loginIpRanges: [] }
const ORG = { trustedIpRanges: [], enforceIpRangesEveryRequest: false }
const CONTINUOUS = { trustedIpRanges: [], enforceIpRangesEveryRequest: true }

type Relaxation = (typeof IP_RELAXATIONS)[number]

function input(
  relaxation: Relaxation,
  flow: IpCheckFlow,
  overrides: Partial<IpRestrictionInput> = {},
): IpRestrictionInput {
  return {
    ip: '127.0.0.1',
    profile: RESTRICTED,
    org: ORG,
    app: {
      name: 'Order Sync',
      policies: { ipRelaxation: relaxation } as IpRestrictionInput['app']['policies'],
    },
    flow,
    ...overrides,
  }
}

/**
 * The decision table for a caller OUTSIDE the profile's ranges: which (relaxation, flow)
 * pairs let it through. Salesforce: relax bypasses everything; enforceRelaxRefresh only the
 * refresh grant; relaxWithSecondFactor the web server and user-agent flows (the browser
 * login, the code exchange, and refreshes and API calls of grants those flows started);
 * JWT bearer always enforces; API calls are judged only with continuous enforcement.
 */
const FLOWS: IpCheckFlow[] = [
  'authorize',
  'web_server',
  'user_agent',
  'refresh_token',
  'password',
  'client_credentials',
  'jwt_bearer',
  'device',
  'token_exchange',
]

const BYPASSED: Record<Relaxation, IpCheckFlow[]> = {
  enforce: [],
  enforceRelaxRefresh: ['refresh_token'],
  relaxWithSecondFactor: ['authorize', 'web_server', 'user_agent'],
  relax: FLOWS.filter((flow) => flow !== 'jwt_bearer'),
}

describe('IP restrictions: decision table (caller outside the profile ranges)', () => {
  for (const relaxation of IP_RELAXATIONS) {
    for (const flow of FLOWS) {
      const expected = BYPASSED[relaxation].includes(flow) ? 'passed' : 'failed'
      it(`${relaxation} × ${flow} → ${expected}`, () => {
        const verdict = evaluateIpRestriction(input(relaxation, flow))
        expect(verdict.outcome).toBe(expected)
        expect(verdict.detail).toContain(
          "client IP 127.0.0.1 is not in profile Restricted Staff's login ranges 192.168.10.0–192.168.10.255",
        )
        expect(verdict.detail).toContain(`app policy: ${relaxation}`)
      })
    }
  }

  it('words the enforced case as the debugger shows it', () => {
    expect(evaluateIpRestriction(input('enforce', 'password'))).toEqual({
      outcome: 'failed',
      detail:
        "client IP 127.0.0.1 is not in profile Restricted Staff's login ranges 192.168.10.0–192.168.10.255; app policy: enforce",
    })
  })

  it('JWT bearer says why the app policy does not help', () => {
    expect(evaluateIpRestriction(input('relax', 'jwt_bearer')).detail).toContain(
      'JWT bearer logins always enforce IP restrictions',
    )
  })

  it('a refresh of a web-server grant is relaxed with second factor; of a password grant not', () => {
    expect(
      evaluateIpRestriction(
        input('relaxWithSecondFactor', 'refresh_token', { originFlow: 'web_server' }),
      ).outcome,
    ).toBe('passed')
    expect(
      evaluateIpRestriction(
        input('relaxWithSecondFactor', 'refresh_token', { originFlow: 'password' }),
      ).outcome,
    ).toBe('failed')
  })
})

describe('IP restrictions: inside the ranges, no ranges, trusted ranges', () => {
  for (const relaxation of IP_RELAXATIONS) {
    it(`${relaxation}: a caller inside the range passes, with the range named`, () => {
      const verdict = evaluateIpRestriction(input(relaxation, 'password', { ip: '192.168.10.77' }))
      expect(verdict.outcome).toBe('passed')
      expect(verdict.detail).toContain(
        "client IP 192.168.10.77 is in profile Restricted Staff's login range 192.168.10.0–192.168.10.255",
      )
    })
  }

  it('a profile without ranges lets any address log in, whatever the app policy', () => {
    for (const relaxation of IP_RELAXATIONS) {
      const verdict = evaluateIpRestriction(input(relaxation, 'jwt_bearer', { profile: OPEN }))
      expect(verdict.outcome).toBe('passed')
      expect(verdict.detail).toContain('profile Standard User has no login IP ranges')
    }
  })

  it('org trusted ranges never block; they are reported', () => {
    const org = { trustedIpRanges: [{ start: '10.0.0.0', end: '10.255.255.255' }] }
    const outside = evaluateIpRestriction(input('enforce', 'password', { profile: OPEN, org }))
    expect(outside.outcome).toBe('passed')
    expect(outside.detail).toContain(
      "127.0.0.1 is outside the org's trusted ranges 10.0.0.0–10.255.255.255",
    )
    const inside = evaluateIpRestriction(
      input('enforce', 'password', { profile: OPEN, org, ip: '10.1.1.1' }),
    )
    expect(inside.detail).toContain(
      "10.1.1.1 is in the org's trusted range 10.0.0.0–10.255.255.255",
    )
  })

  it('IPv6 callers and ranges', () => {
    const profile = { name: 'V6', loginIpRanges: [{ start: '2001:db8::', end: '2001:db8::ffff' }] }
    expect(
      evaluateIpRestriction(input('enforce', 'password', { profile, ip: '2001:db8::42' })).outcome,
    ).toBe('passed')
    expect(
      evaluateIpRestriction(input('enforce', 'password', { profile, ip: '2001:db9::1' })).outcome,
    ).toBe('failed')
  })
})

describe('IP restrictions on API calls (continuous IP enforcement)', () => {
  it('are skipped while continuous enforcement is off, for every relaxation', () => {
    for (const relaxation of IP_RELAXATIONS) {
      const verdict = evaluateIpRestriction(input(relaxation, 'api', { originFlow: 'password' }))
      expect(verdict.outcome).toBe('skipped')
      expect(verdict.detail).toContain('continuous IP enforcement is off')
    }
  })

  const table: Array<[Relaxation, string, 'passed' | 'failed']> = [
    ['enforce', 'web_server', 'failed'],
    ['enforceRelaxRefresh', 'web_server', 'failed'],
    ['enforceRelaxRefresh', 'refresh_token', 'failed'],
    ['relaxWithSecondFactor', 'web_server', 'passed'],
    ['relaxWithSecondFactor', 'user_agent', 'passed'],
    ['relaxWithSecondFactor', 'password', 'failed'],
    ['relaxWithSecondFactor', 'client_credentials', 'failed'],
    ['relax', 'password', 'passed'],
    ['relax', 'jwt_bearer', 'passed'],
  ]
  for (const [relaxation, origin, expected] of table) {
    it(`with enforcement on: ${relaxation}, grant started by ${origin} → ${expected}`, () => {
      const verdict = evaluateIpRestriction(
        input(relaxation, 'api', { org: CONTINUOUS, originFlow: origin }),
      )
      expect(verdict.outcome).toBe(expected)
    })
  }

  it('a fault rule forcing the failure wins even with enforcement off', () => {
    const verdict = evaluateIpRestriction(input('relax', 'api', { forcedBy: 'ip-down' }))
    expect(verdict).toEqual({
      outcome: 'failed',
      detail:
        "fault rule ip-down treats client IP 127.0.0.1 as outside profile Restricted Staff's login ranges",
    })
  })
})

describe('refresh token IP allowlist', () => {
  const app = (list?: Array<{ start: string; end: string }>) => ({
    name: 'Edge Sync',
    policies: { refreshTokenIpAllowlist: list } as IpRestrictionInput['app']['policies'],
  })
  const list = [{ start: '203.0.113.0', end: '203.0.113.255' }]

  it('is skipped when the app has none', () => {
    expect(
      evaluateRefreshAllowlist({ ip: '1.2.3.4', app: app(), flow: 'refresh_token' }).outcome,
    ).toBe('skipped')
  })

  it('guards the web server and refresh token flows only', () => {
    for (const flow of FLOWS) {
      const verdict = evaluateRefreshAllowlist({ ip: '127.0.0.1', app: app(list), flow })
      expect(verdict.outcome).toBe(
        flow === 'web_server' || flow === 'refresh_token' ? 'failed' : 'skipped',
      )
    }
  })

  it('lets callers inside through and names the list otherwise', () => {
    expect(
      evaluateRefreshAllowlist({ ip: '203.0.113.9', app: app(list), flow: 'refresh_token' })
        .outcome,
    ).toBe('passed')
    expect(
      evaluateRefreshAllowlist({ ip: '127.0.0.1', app: app(list), flow: 'refresh_token' }).detail,
    ).toBe(
      "client IP 127.0.0.1 is not in Edge Sync's refresh token IP allowlist 203.0.113.0–203.0.113.255",
    )
  })
})
