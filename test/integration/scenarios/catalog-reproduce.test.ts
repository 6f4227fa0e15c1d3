import { afterEach, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../../src/core/workspace/demo'
import { VirtualClock } from '../../../src/core/policy/clock'
import { admin } from '../admin/support'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'

// The Errors view's API: the catalog, "Reproduce" on the live engine (its setup applied for
// the time it plays, everything put back), and the Why tab's link from a refusal to its entry.

let gh: RunningGatehouse | undefined
afterEach(async () => {
  await gh?.close()
  gh = undefined
})

/** The demo workspace with what a user may have in force: a fault rule and a breakpoint. */
function busyWorkspace() {
  const ws = structuredClone(demoWorkspace()) as unknown as Record<string, unknown>
  ws.faults = [
    {
      id: 'token-500',
      when: { endpoint: 'token' },
      then: { respond: { status: 500, error: 'boom' } },
    },
  ]
  ws.breakpoints = [{ id: 'hold-token', when: { endpoint: 'token' }, timeoutSeconds: 600 }]
  ws.simulation = { clientIp: '203.0.113.9' }
  return ws
}

describe('the error catalog over the admin API', () => {
  it('lists every entry with its error, flows, when / what the user sees / fix', async () => {
    gh = await startGatehouse({ workspace: demoWorkspace() })
    const { status, body } = await admin(gh, 'GET', '/catalog')
    expect(status).toBe(200)
    expect(body.entries.length).toBeGreaterThanOrEqual(24)
    const hours = body.entries.find((e: { id: string }) => e.id === 'ip_restricted-login-hours')
    expect(hours).toMatchObject({
      error: 'invalid_grant',
      errorDescription: 'ip restricted or invalid login hours',
      failedStep: 'policy.login_hours',
      flows: ['username-password'],
      needs: { apps: ['Order Sync'], users: ['sam@acme.test'] },
    })
    expect(hours.when).toMatch(/Login Hours/)
    expect(hours.sees).toMatch(/HTTP 400/)
    expect(hours.fix).toMatch(/profile without login hours/)
  })

  it('reproduces an entry on the live engine with its setup, then puts workspace and clock back', async () => {
    const clock = new VirtualClock(Date.now, 0)
    clock.freeze()
    clock.advance(Date.parse('2031-03-04T05:06:07Z') - clock.now())
    gh = await startGatehouse({ workspace: busyWorkspace(), clock })
    const before = await admin(gh, 'GET', '/workspace')

    const { status, body } = await admin(gh, 'POST', '/catalog/ip_restricted-login-hours/reproduce')
    expect(status).toBe(200)
    expect(body.status).toBe('passed')
    const [step] = body.steps
    expect(step).toMatchObject({ kind: 'flow', failedStep: 'policy.login_hours', error: null })
    expect(step.expectations.every((e: { pass: boolean }) => e.pass)).toBe(true)
    expect(step.why.join('\n')).toMatch(/policy\.login_hours/)
    expect(body.runIds).toHaveLength(1)
    expect(body.flowIds).toHaveLength(1)
    expect(step.runId).toBe(body.runIds[0])

    // The run is the runner's, stepped through in the Run view; the flow is in Flows.
    const run = await admin(gh, 'GET', `/runs/${body.runIds[0]}`)
    expect(run.body.status).toBe('failed')
    const flow = await admin(gh, 'GET', `/flows/${body.flowIds[0]}`)
    expect(flow.status).toBe(200)

    // Put back: the fault rule, the breakpoint, the simulated IP, no login hours; the clock.
    const after = await admin(gh, 'GET', '/workspace')
    expect(after.body).toEqual(before.body)
    expect(
      after.body.profiles.find((p: { name: string }) => p.name === 'Standard User').loginHours,
    ).toBeUndefined()
    const nowClock = await admin(gh, 'GET', '/clock')
    expect(nowClock.body).toMatchObject({ now: '2031-03-04T05:06:07.000Z', frozen: true })
  })

  it('links the refused exchange to its catalog entry, and a good one to none', async () => {
    gh = await startGatehouse({ workspace: demoWorkspace() })
    const { body } = await admin(gh, 'POST', '/catalog/invalid_client_id/reproduce')
    expect(body.status).toBe('passed')
    const refused = body.steps[0].exchangeId
    const linked = await admin(gh, 'GET', `/exchanges/${refused}/catalog`)
    expect(linked.status).toBe(200)
    expect(linked.body.entries.map((e: { id: string }) => e.id)).toEqual(['invalid_client_id'])

    const good = await admin(gh, 'POST', '/catalog/OAUTH_APP_BLOCKED/reproduce')
    // client credentials: the blocked app's refusal links to OAUTH_APP_BLOCKED only
    const blocked = await admin(gh, 'GET', `/exchanges/${good.body.steps[0].exchangeId}/catalog`)
    expect(blocked.body.entries.map((e: { id: string }) => e.id)).toEqual(['OAUTH_APP_BLOCKED'])

    expect((await gh.fetch('/.well-known/openid-configuration')).status).toBe(200)
    const list = await admin(gh, 'GET', '/exchanges?limit=1')
    const [latest] = list.body.items
    expect(latest).toMatchObject({ outcome: 'ok', url: '/.well-known/openid-configuration' })
    const none = await admin(gh, 'GET', `/exchanges/${latest.id}/catalog`)
    expect(none.body.entries).toEqual([])
    expect((await admin(gh, 'GET', '/exchanges/999999/catalog')).status).toBe(404)
  })

  it('refuses, naming what is missing, when the workspace lacks the demo apps', async () => {
    const ws = structuredClone(demoWorkspace()) as unknown as { apps: { name: string }[] }
    ws.apps = ws.apps.filter((a) => a.name !== 'Order Sync')
    gh = await startGatehouse({ workspace: ws })
    const { status, body } = await admin(gh, 'POST', '/catalog/invalid_client_id/reproduce')
    expect(status).toBe(409)
    expect(JSON.stringify(body)).toMatch(/no app named Order Sync/)
    const unknown = await admin(gh, 'POST', '/catalog/no_such_entry/reproduce')
    expect(unknown.status).toBe(404)
  })
})
