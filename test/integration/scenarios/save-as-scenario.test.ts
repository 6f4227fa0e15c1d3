import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadScenarioFile, runScenario } from '../../../src/core/scenarios'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { admin, type Json } from '../admin/support'

// A flow recorded from jsforce, saved as a scenario, replayed by the scenario runner.
let gh: RunningGatehouse
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-saved-'))

beforeAll(async () => {
  gh = await startGatehouse()
  // The scenario's workspace: the org the flow was recorded against, exported beside it.
  writeFileSync(join(dir, 'org.workspace.json'), JSON.stringify(gh.engine.exportWorkspace()))
})
afterAll(async () => {
  await gh.close()
  rmSync(dir, { recursive: true, force: true })
})

function connection() {
  return new jsforce.Connection({
    oauth2: {
      loginUrl: gh.baseUrl,
      clientId: C1.key,
      clientSecret: C1.secret,
      redirectUri: C1.redirect,
    },
    version: '62.0',
  })
}

async function latestFlow(kind: string): Promise<Json> {
  const flows = await admin(gh, 'GET', '/flows?limit=20')
  const flow = (flows.body.items as Json[]).find((f) => f.kind === kind)
  expect(flow, `a ${kind} flow was recorded`).toBeTruthy()
  return flow
}

async function saved(flowId: number): Promise<Json> {
  const answer = await admin(gh, 'GET', `/flows/${flowId}/scenario?workspace=org.workspace.json`)
  expect(answer.status).toBe(200)
  return answer.body
}

async function replay(name: string, scenario: unknown) {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(scenario, null, 2))
  return runScenario(loadScenarioFile(file))
}

describe('save as scenario', () => {
  it('a jsforce login and query replays green; one changed expectation turns it red', async () => {
    const conn = connection()
    await conn.login(USERS.ada, PASSWORD)
    await conn.query('SELECT Id, Name FROM Account')
    const flow = await latestFlow('password')

    const scenario = await saved(flow.id)
    const text = JSON.stringify(scenario)
    // Nothing secret is copied: no password, no consumer secret, no token.
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain(C1.secret)
    expect(text).not.toContain(conn.accessToken!)
    expect(scenario).toMatchObject({
      gatehouse: 'scenario/1',
      workspace: 'org.workspace.json',
      steps: [
        {
          flow: 'username-password',
          app: expect.any(String),
          user: USERS.ada,
          expect: { status: 200, outcome: 'ok' },
        },
        {
          request: { method: 'GET', path: '/services/data/v62.0/query', useLastAccessToken: true },
          expect: { status: 200, outcome: 'ok' },
        },
      ],
    })

    const green = await replay('jsforce-login.json', scenario)
    expect(green.status, JSON.stringify(green.steps, null, 2)).toBe('passed')

    const changed = structuredClone(scenario)
    changed.steps[1].expect.status = 401
    const red = await replay('jsforce-login-changed.json', changed)
    expect(red.status).toBe('failed')
    const failed = red.steps[1]!.expectations.filter((e) => !e.pass)
    expect(failed).toEqual([{ field: 'status', expected: '401', got: '200', pass: false }])
  })

  it('a jsforce login with a wrong password replays its refusal without the password', async () => {
    await expect(connection().login(USERS.sam, 'not-his-password')).rejects.toMatchObject({
      name: 'invalid_grant',
    })
    const flow = await latestFlow('password')
    expect(flow.status).toBe('failed')
    const scenario = await saved(flow.id)
    expect(JSON.stringify(scenario)).not.toContain('not-his-password')
    expect(scenario.steps[0]).toMatchObject({
      edits: { token: { params: { password: 'not-the-password' } } },
      expect: {
        status: 400,
        error: 'invalid_grant',
        error_description: 'authentication failure',
        failedStep: 'password.verify',
      },
    })
    const result = await replay('jsforce-wrong-password.json', scenario)
    expect(result.status, JSON.stringify(result.steps, null, 2)).toBe('passed')
  })

  it('answers 404 for an unknown flow', async () => {
    const answer = await admin(gh, 'GET', '/flows/999999/scenario')
    expect(answer.status).toBe(404)
  })
})
