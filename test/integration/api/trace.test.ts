import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { getExchange, listExchanges } from '../trace/support'
import { accessToken, bearer, V, workspaceWithRecords } from './support'

/** Every REST decision is a named step in the exchange's trace, with who the call was from. */
describe('REST steps in the trace', () => {
  let gh: RunningGatehouse
  beforeAll(async () => {
    const ws = workspaceWithRecords()
    ws.org.dailyApiRequests = 2
    gh = await startGatehouse({ workspace: ws })
    const token = await accessToken(gh.engine)
    await gh.fetch(`${V}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, {
      headers: bearer(token),
    })
    await gh.fetch(`${V}/sobjects/Account/describe`, {
      headers: { authorization: 'Bearer 00D5g00000ABCDE!nope' },
    })
    await gh.fetch(`${V}/query?q=${encodeURIComponent('SELECT Nme FROM Account')}`, {
      headers: bearer(token),
    })
    await gh.fetch(`${V}/limits`, { headers: bearer(token) })
  })
  afterAll(() => gh.close())

  const exchange = async (index: number) => {
    const all = (await listExchanges(gh, 'endpoint=rest')).reverse()
    return getExchange(gh, all[index]!.id)
  }

  it('records each check a successful call passed, and whose call it was', async () => {
    const ok = await exchange(0)
    expect(ok).toMatchObject({ status: 200, appKey: C1.key, appName: C1.name, username: USERS.ada })
    // The REST gate's own steps, in order (the policy engine adds client.ip, policy.* between).
    const own = ok.steps.filter((s) => /^(rest|token|user)\./.test(s.name))
    expect(own.map((s) => [s.name, s.outcome])).toEqual([
      ['rest.version', 'passed'],
      ['token.lookup', 'passed'],
      ['token.active', 'passed'],
      ['token.app', 'passed'],
      ['user.active', 'passed'],
      ['rest.token', 'passed'],
      ['rest.scope', 'passed'],
      ['rest.api_enabled', 'passed'],
      ['rest.limit', 'passed'],
      ['rest.query', 'passed'],
    ])
    expect(ok.steps.find((s) => s.name === 'rest.limit')!.detail).toMatch(
      /^request 1 of 2 in the last 24 hours/,
    )
  })

  it('names the step that refused a call, with Salesforce’s error', async () => {
    const unknown = await exchange(1)
    expect(unknown.failedStep).toBe('rest.token')
    expect(unknown.steps.at(-1)).toMatchObject({
      name: 'rest.token',
      outcome: 'failed',
      detail: expect.stringContaining('no access token with this value'),
      error: {
        error: 'INVALID_SESSION_ID',
        error_description: 'Session expired or invalid',
        status: 401,
      },
    })
    const badQuery = await exchange(2)
    expect(badQuery.failedStep).toBe('rest.query')
    expect(badQuery.steps.at(-1)!.error).toMatchObject({ error: 'INVALID_FIELD', status: 400 })
    const overLimit = await exchange(3)
    expect(overLimit.failedStep).toBe('rest.limit')
    expect(overLimit.steps.at(-1)).toMatchObject({
      detail: expect.stringContaining('reached the allocation of 2 (org.dailyApiRequests = 2)'),
      error: { error: 'REQUEST_LIMIT_EXCEEDED', status: 403 },
    })
  })
})
