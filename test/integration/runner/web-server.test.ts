import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
import { ORDER_SYNC, errorOf, runToEnd, runUntil, sendStep, startDemo } from './support'

let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

describe('the web-server flow, played by the runner', () => {
  it('runs to completion with PKCE: login page, login, consent, code, tokens', async () => {
    const run = await runToEnd(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      user: 'ada@acme.test',
      options: { pkce: true },
    })
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([
      ['authorize', 'sent'],
      ['login', 'sent'],
      ['continue', 'sent'],
      ['consent', 'sent'],
      ['token', 'sent'],
    ])
    const token = run.steps.at(-1)!
    expect(token.response!.status).toBe(200)
    expect(token.handsOn!.access_token).toBeTruthy()
    expect(token.request!.params.code_verifier).toBeTruthy()
    // Every exchange is recorded, all in one flow.
    const ids = run.steps.map((s) => s.exchangeId)
    expect(ids.every((id) => typeof id === 'number')).toBe(true)
    const flow = await admin(gh, 'GET', `/flows/${run.flowId}`)
    expect(flow.body.exchanges.map((e: { id: number }) => e.id)).toEqual(ids)
    expect(flow.body.kind).toBe('web_server')
    expect(flow.body.status).toBe('succeeded')
  })

  it('fails as Salesforce does when code_verifier is left out', async () => {
    const run = await runUntil(
      gh,
      { flow: 'web-server', app: ORDER_SYNC, user: 'sam@acme.test' },
      'token',
    )
    const step = await sendStep(gh, run, { removeParams: ['code_verifier'] })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step).error).toBe('invalid_grant')
    expect(step.outcome).toBe('failed')
    expect(step.failedStep).toBeTruthy()
    const after = await admin(gh, 'GET', `/runs/${run.id}`)
    expect(after.body.status).toBe('failed')
    expect(after.body.next).toBeNull()
  })
})
