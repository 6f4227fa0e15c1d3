import jsforce from 'jsforce'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { issueTokens } from '../endpoints/support'
import { policyWorkspace, RITA } from '../policy/support'
import {
  addBreakpoint,
  decide,
  recordedExchange,
  removeAllBreakpoints,
  waitForNonePaused,
  waitForPaused,
} from './support'

/**
 * Breakpoints seen from real clients (jsforce): the client waits while its exchange is
 * paused, and gets the answer to whatever the person at the breakpoint decided — the
 * outcome of a changed request, or a failure put in place of the decided answer.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: policyWorkspace() })
})
afterAll(async () => {
  await gh.close()
})
afterEach(async () => {
  await removeAllBreakpoints(gh)
  await waitForNonePaused(gh)
})

const VERSION = '62.0'
const oauth2 = () => ({
  loginUrl: gh.baseUrl,
  clientId: C1.key,
  clientSecret: C1.secret,
  redirectUri: C1.redirect,
})

describe('a jsforce password login paused at request', () => {
  it('with its wrong password corrected via the API: the login succeeds', async () => {
    await addBreakpoint(gh, {
      id: 'login',
      when: { endpoint: 'token', grantType: 'password', user: USERS.ada },
      at: 'request',
    })
    const conn = new jsforce.Connection({ oauth2: oauth2(), version: VERSION })
    const login = conn.login(USERS.ada, 'not-the-password')

    const [paused] = await waitForPaused(gh)
    expect(paused).toMatchObject({
      breakpoint: 'login',
      at: 'request',
      exchangeId: null,
      request: {
        method: 'POST',
        url: '/services/oauth2/token',
        params: { grant_type: 'password', username: USERS.ada, password: 'not-the-password' },
      },
    })
    expect(paused!.response).toBeUndefined()
    expect(Date.parse(paused!.deadline) - Date.parse(paused!.since)).toBe(60_000)

    const res = await decide(gh, paused!.id, 'continue', {
      request: { params: { password: PASSWORD } },
    })
    expect(res.status).toBe(200)
    const user = await login
    expect(user.id).toMatch(/^005/)
    expect(conn.accessToken).toBeTruthy()

    const recorded = await recordedExchange(gh, 'endpoint=token')
    expect(recorded.status).toBe(200)
    const step = recorded.steps.find((s) => s.name === 'breakpoint.request')
    expect(step?.outcome).toBe('passed')
    expect(step?.detail).toContain('paused by breakpoint login at request')
    expect(step?.detail).toContain(
      'parameter password: (a secret of 16 characters) → (a secret of 9 characters)',
    )
    // The step comes before the endpoint's own checks: they judged the changed request.
    const names = recorded.steps.map((s) => s.name)
    expect(names).toContain('password.verify')
    expect(names.indexOf('breakpoint.request')).toBeLessThan(names.indexOf('password.verify'))
  })

  it('with its right password broken via the API: jsforce sees authentication failure', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' } })
    const conn = new jsforce.Connection({ oauth2: oauth2(), version: VERSION })
    const login = conn.login(USERS.ada, PASSWORD)
    const [paused] = await waitForPaused(gh)
    await decide(gh, paused!.id, 'continue', { request: { params: { password: 'typo' } } })
    await expect(login).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    })
  })
})

describe('a jsforce refresh paused at response', () => {
  it('failed with revoked-refresh-token: jsforce sees invalid_grant, and the grant is gone', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'refresh_token'],
    })
    await addBreakpoint(gh, {
      id: 'refresh',
      when: { endpoint: 'token', grantType: 'refresh_token', app: C1.name },
      at: 'response',
    })
    const refresh = new jsforce.OAuth2(oauth2()).refreshToken(issued.refreshToken!)

    const [paused] = await waitForPaused(gh)
    expect(paused).toMatchObject({ breakpoint: 'refresh', at: 'response' })
    expect(paused!.response!.status).toBe(200)
    expect(JSON.parse(paused!.response!.body)).toHaveProperty('access_token')
    expect(paused!.failedStep).toBeUndefined()

    const res = await decide(gh, paused!.id, 'fail', { preset: 'revoked-refresh-token' })
    expect(res.status).toBe(200)
    await expect(refresh).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'expired access/refresh token',
    })

    const recorded = await recordedExchange(gh, 'endpoint=token&status=400')
    const step = recorded.steps.find((s) => s.name === 'breakpoint.response')
    expect(step).toMatchObject({ outcome: 'failed' })
    expect(step!.detail).toContain('failed with preset revoked-refresh-token')

    // What the client was told holds afterwards: the refresh token no longer works.
    await removeAllBreakpoints(gh)
    await expect(
      new jsforce.OAuth2(oauth2()).refreshToken(issued.refreshToken!),
    ).rejects.toMatchObject({ name: 'invalid_grant' })
  })

  it('continued with a changed answer: the client gets the changed answer', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'refresh_token'],
    })
    await addBreakpoint(gh, { when: { grantType: 'refresh_token' }, at: 'response' })
    const refresh = new jsforce.OAuth2(oauth2()).refreshToken(issued.refreshToken!)
    const [paused] = await waitForPaused(gh)
    const answer = JSON.parse(paused!.response!.body) as Record<string, string>
    await decide(gh, paused!.id, 'continue', {
      response: { body: JSON.stringify({ ...answer, instance_url: 'https://changed.test' }) },
    })
    const refreshed = await refresh
    expect(refreshed.instance_url).toBe('https://changed.test')
    expect(refreshed.access_token).toBe(answer.access_token)
  })
})

describe('a breakpoint on a step outcome', () => {
  it('step policy.ip, outcome failed: pauses only the refused logins, at response', async () => {
    const rule = await addBreakpoint(gh, {
      id: 'ip-refusals',
      when: { endpoint: 'token', step: 'policy.ip', outcome: 'failed' },
    })
    expect(rule).toMatchObject({ at: 'response' })
    const login = (username: string) =>
      new jsforce.Connection({ oauth2: oauth2(), version: VERSION }).login(username, PASSWORD)

    // Ada may log in from anywhere: not paused, answered at once.
    await expect(login(USERS.ada)).resolves.toHaveProperty('id')
    // Rita's profile allows the office network only; locally she calls from 127.0.0.1.
    const rita = login(RITA)
    const [paused] = await waitForPaused(gh)
    expect(paused).toMatchObject({
      breakpoint: 'ip-refusals',
      at: 'response',
      request: { params: { username: RITA } },
      response: { status: 400 },
      failedStep: {
        name: 'policy.ip',
        outcome: 'failed',
        error: {
          error: 'invalid_grant',
          error_description: 'ip restricted or invalid login hours',
        },
      },
    })
    // While Rita's login waits, Ada's go through.
    await expect(login(USERS.ada)).resolves.toHaveProperty('id')
    expect(await waitForPaused(gh)).toHaveLength(1)

    await decide(gh, paused!.id, 'continue')
    await expect(rita).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'ip restricted or invalid login hours',
    })
    const view = (await (
      await gh.fetch('/_gatehouse/api/breakpoints/ip-refusals', {
        headers: { authorization: `Bearer ${gh.engine.adminToken}` },
      })
    ).json()) as { fired: number }
    expect(view.fired).toBe(1)
  })
})
