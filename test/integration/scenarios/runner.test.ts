import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { parseScenario, prepareScenario, runScenario, runSuite } from '../../../src/core/scenarios'

const scenarioDirs = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('gatehouse-scenario-'))

function load(input: Record<string, unknown>) {
  return prepareScenario(parseScenario({ gatehouse: 'scenario/1', name: 'inline', ...input }), '.')
}

describe('the scenario runner', () => {
  it('runs each scenario on its own engine and leaves no data folder behind', async () => {
    const before = new Set(scenarioDirs())
    const scenarios = [0, 1, 2].map(() =>
      load({
        setup: {
          faults: [
            { id: 'down', when: { endpoint: 'token' }, then: { preset: 'server-unavailable' } },
          ],
        },
        steps: [
          {
            flow: 'client-credentials',
            app: 'Nightly ETL',
            expect: { status: 503, error: 'service_unavailable' },
          },
          { removeFault: 'down' },
          {
            flow: 'client-credentials',
            app: 'Nightly ETL',
            expect: { status: 200, body: { access_token: { present: true } } },
          },
        ],
      }),
    )
    const report = await runSuite(scenarios, { jobs: 3 })
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed'])
    expect(scenarioDirs().filter((name) => !before.has(name))).toEqual([])
  })

  it('reports a step the runner refuses as an error, with the field named', async () => {
    const result = await runScenario(
      load({ steps: [{ flow: 'username-password', app: 'Partner Portal' }] }),
    )
    expect(result.status).toBe('error')
    expect(result.steps[0]!.error).toMatch(
      /^flow: Partner Portal does not allow the username-password flow/,
    )
  })

  it('a flow without expect must complete; expect may name a step; placeholders come from earlier steps', async () => {
    const result = await runScenario(
      load({
        steps: [
          { flow: 'web-server', app: 'Order Sync', user: 'ada@acme.test' },
          {
            flow: 'web-server',
            app: 'Order Sync',
            user: 'ada@acme.test',
            options: { scope: 'api openid' },
            expect: [
              { step: 'authorize', status: 200 },
              {
                step: 'token',
                status: 200,
                jwt: { id_token: { aud: { present: true }, nonce: { present: true } } },
              },
            ],
          },
          {
            request: {
              method: 'POST',
              path: '/services/oauth2/introspect',
              params: {
                token: '{{access_token}}',
                client_id: '{{consumerKey:Order Sync}}',
                client_secret: '{{consumerSecret:Order Sync}}',
              },
            },
            expect: { status: 200, body: { active: true } },
          },
          { request: { path: '/services/oauth2/userinfo', params: { x: '{{nothing}}' } } },
        ],
      }),
    )
    expect(
      result.steps.slice(0, 3).map((s) => [s.error, s.expectations.every((e) => e.pass)]),
    ).toEqual([
      [undefined, true],
      [undefined, true],
      [undefined, true],
    ])
    expect(result.steps[3]!.error).toMatch(/^\{\{nothing\}\}: no earlier step handed on nothing/)
  })
})
