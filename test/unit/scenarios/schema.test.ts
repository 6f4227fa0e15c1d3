import { describe, expect, it } from 'vitest'
import {
  parseScenario,
  parseScenarioJson,
  prepareScenario,
  ScenarioValidationError,
} from '../../../src/core/scenarios'

const base = {
  gatehouse: 'scenario/1',
  name: 'a wrong password',
  steps: [{ flow: 'username-password', app: 'Order Sync' }],
}

function firstIssue(input: unknown): { path: string; message: string } {
  try {
    parseScenario(input)
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioValidationError)
    return (error as ScenarioValidationError).issues[0]!
  }
  throw new Error('the scenario was accepted')
}

describe('scenario files', () => {
  it('accepts every kind of step', () => {
    const scenario = parseScenario({
      ...base,
      description: 'd',
      setup: {
        clock: '+2h',
        clientIp: '203.0.113.7',
        faults: [{ id: 'ip', when: { endpoint: 'token' }, then: { preset: 'ip-restricted' } }],
        apps: { 'Order Sync': { policies: { blocked: true } } },
      },
      steps: [
        {
          flow: 'web-server',
          app: 'Order Sync',
          user: 'ada@acme.test',
          options: { pkce: false },
          edits: { token: { params: { code_verifier: 'x' }, removeParams: ['client_secret'] } },
          until: 'token',
        },
        { continue: true, expect: { step: 'token', status: 400, error: { regex: '^invalid' } } },
        { rerun: 'token', expect: [{ error_description: 'expired authorization code' }] },
        { clock: '16m' },
        {
          addFault: { id: 'x', when: { endpoint: 'rest' }, then: { preset: 'api-limit-exceeded' } },
        },
        { removeFault: 'x' },
        {
          request: { path: '/services/data/v62.0/limits', useLastAccessToken: true },
          expect: {
            status: 401,
            errorCode: 'INVALID_SESSION_ID',
            body: { '0.message': { present: true } },
            headers: { 'sforce-limit-info': { present: true } },
            jwt: { id_token: { aud: { equals: 'k' } } },
          },
        },
      ],
    })
    expect(scenario.steps).toHaveLength(7)
    expect(scenario.steps[6]).toMatchObject({ request: { method: 'GET' } })
  })

  it('names an unknown field by its JSON path', () => {
    expect(firstIssue({ ...base, colour: 'red' })).toEqual({
      path: 'colour',
      message: 'unknown field',
    })
    expect(
      firstIssue({
        ...base,
        steps: [base.steps[0], { flow: 'refresh', app: 'Order Sync', expect: { eror: 'x' } }],
      }),
    ).toEqual({ path: 'steps[1].expect.eror', message: 'unknown field' })
    expect(
      firstIssue({ ...base, setup: { faults: [{ when: {}, then: { preset: 'nope' } }] } }).path,
    ).toBe('setup.faults[0].then.preset')
  })

  it('names the step kind missing, a second kind, a bad flow and a bad duration', () => {
    expect(firstIssue({ ...base, steps: [{ app: 'Order Sync' }] })).toEqual({
      path: 'steps[0]',
      message:
        'expected a step: an object with one of flow, continue, rerun, clock, addFault, removeFault, request',
    })
    expect(firstIssue({ ...base, steps: [{ clock: '+1h', flow: 'refresh', app: 'x' }] }).path).toBe(
      'steps[0].clock',
    )
    expect(firstIssue({ ...base, steps: [{ flow: 'magic', app: 'x' }] }).path).toBe('steps[0].flow')
    expect(firstIssue({ ...base, steps: [{ clock: 'soon' }] })).toEqual({
      path: 'steps[0].clock',
      message: 'expected a duration such as "+2h", "90m", "-1d" or "1h30m"',
    })
    expect(firstIssue({ ...base, gatehouse: 1 }).path).toBe('gatehouse')
    expect(firstIssue({ ...base, steps: [] }).path).toBe('steps')
  })

  it('reports JSON syntax errors at (root)', () => {
    expect(() => parseScenarioJson('{"gatehouse": ')).toThrow(/^\(root\): invalid JSON/)
  })

  it('merges setup changes into the demo workspace and names a missing app', () => {
    const loaded = prepareScenario(
      parseScenario({
        ...base,
        setup: {
          apps: { 'Order Sync': { policies: { blocked: true } } },
          users: { 'ada@acme.test': { active: false } },
          clock: { at: '2030-01-07T03:00:00Z' },
        },
      }),
      '.',
    )
    const app = loaded.workspace.apps.find((a) => a.name === 'Order Sync')!
    expect(app.policies.blocked).toBe(true)
    expect(app.policies.permittedUsers).toBe('allSelfAuthorize')
    expect(loaded.workspace.users.find((u) => u.username === 'ada@acme.test')!.active).toBe(false)
    expect(loaded.clock).toEqual({
      offsetMs: 0,
      at: Date.parse('2030-01-07T03:00:00Z'),
      frozen: true,
    })

    expect(() =>
      prepareScenario(parseScenario({ ...base, setup: { apps: { Nope: { scopes: [] } } } }), '.'),
    ).toThrow('setup.apps.Nope: the workspace has no app named Nope')
    expect(() =>
      prepareScenario(
        parseScenario({ ...base, setup: { apps: { 'Order Sync': { scopes: ['nonsense'] } } } }),
        '.',
      ),
    ).toThrow(/^workspace\.apps\[0\]\.scopes\[0\]: /)
  })
})
