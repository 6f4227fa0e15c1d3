import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src/core/policy/clock'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, testWorkspace, USERS } from '../../support/workspace'
import { issueTokens } from '../endpoints/support'
import { issueCode } from '../token/support'
import { admin, API, expectOAuthError, refreshGrant, TOKEN } from './support'

/**
 * Everything that expires or counts reads the one virtual clock: moving it expires codes,
 * access tokens, refresh tokens (per policy), device codes and rolls the API limit window,
 * at once and without waiting. No test here sleeps.
 */
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

let gh: RunningGatehouse

/** Apps whose refresh token policy is each of Salesforce's choices. */
const POLICY_APPS = {
  untilRevoked: { type: 'untilRevoked' },
  immediatelyExpire: { type: 'immediatelyExpire' },
  idle2h: { type: 'expireIfNotUsedFor', value: 2, unit: 'hours' },
  after1d: { type: 'expireAfter', value: 1, unit: 'days' },
  after1m: { type: 'expireAfter', value: 1, unit: 'months' },
} as const

const keyOf = (name: string) => `3MVG9${name}.policy.clock.consumer.key.for.tests`
const SECRET = 'policy-clock-secret-0123456789abcdef0123456789'

beforeAll(async () => {
  const ws = testWorkspace()
  ws.org!.dailyApiRequests = 3
  for (const [name, refreshTokenPolicy] of Object.entries(POLICY_APPS)) {
    ws.apps!.push({
      kind: 'connectedApp',
      name,
      consumerKey: keyOf(name),
      consumerSecret: SECRET,
      scopes: ['api', 'refresh_token', 'openid'],
      policies: { refreshTokenPolicy, sessionTimeoutMinutes: name === 'idle2h' ? 30 : null },
    })
  }
  ws.apps!.push({
    kind: 'externalClientApp',
    name: 'Device',
    consumerKey: keyOf('Device'),
    consumerSecret: SECRET,
    scopes: ['api', 'refresh_token'],
    deviceFlow: { enabled: true },
    requireSecretForRefreshTokenFlow: false,
  })
  const clock = new VirtualClock(() => Date.parse('2025-06-03T12:00:00Z'))
  clock.freeze()
  gh = await startGatehouse({ workspace: ws, clock })
})
afterAll(async () => {
  await gh.close()
})

const appCreds = (name: string) => ({ key: keyOf(name), secret: SECRET })

describe('authorization codes (15 minutes)', () => {
  it('redeem until the last millisecond, then expired authorization code', async () => {
    const redeem = (code: string) =>
      gh.fetch(TOKEN, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          client_id: C2.key,
          client_secret: C2.secret,
          redirect_uri: C2.redirect,
        }),
      })
    const options = { appKey: C2.key, username: USERS.ada, redirectUri: C2.redirect, scopes: 'api' }
    const fresh = issueCode(gh.engine, options)
    gh.clock.advance(15 * MINUTE - 1)
    expect((await redeem(fresh)).status).toBe(200)

    const stale = issueCode(gh.engine, options)
    gh.clock.advance(15 * MINUTE)
    await expectOAuthError(await redeem(stale), 400, 'invalid_grant', 'expired authorization code')
  })
})

describe('access tokens (session timeout)', () => {
  it('live the org’s session timeout: REST 401, UserInfo 403, introspection inactive after', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'openid', 'id'],
    })
    const bearer = { authorization: `Bearer ${issued.accessToken}` }
    gh.clock.advance(120 * MINUTE - 1)
    expect((await gh.fetch(`${API}/`, { headers: bearer })).status).toBe(200)
    gh.clock.advance(1)
    const rest = await gh.fetch(`${API}/`, { headers: bearer })
    expect(rest.status).toBe(401)
    expect(await rest.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ])
    const userinfo = await gh.fetch('/services/oauth2/userinfo', { headers: bearer })
    expect(userinfo.status).toBe(403)
    const introspect = await gh.fetch('/services/oauth2/introspect', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: issued.accessToken,
        client_id: C1.key,
        client_secret: C1.secret,
      }),
    })
    expect(await introspect.json()).toEqual({ active: false })
  })

  it('live the app’s own session timeout when it sets one', async () => {
    const issued = await issueTokens(gh.engine, {
      app: keyOf('idle2h'),
      username: USERS.ada,
      scopes: ['api'],
    })
    const bearer = { authorization: `Bearer ${issued.accessToken}` }
    gh.clock.advance(30 * MINUTE - 1)
    expect((await gh.fetch(`${API}/`, { headers: bearer })).status).toBe(200)
    gh.clock.advance(1)
    expect((await gh.fetch(`${API}/`, { headers: bearer })).status).toBe(401)
  })
})

describe('refresh tokens, per the app’s refresh token policy', () => {
  const issue = async (name: string) =>
    (
      await issueTokens(gh.engine, {
        app: keyOf(name),
        username: USERS.ada,
        scopes: ['api', 'refresh_token'],
      })
    ).refreshToken!
  const dead = (res: Response) =>
    expectOAuthError(res, 400, 'invalid_grant', 'expired access/refresh token')

  it('untilRevoked: still good a year later', async () => {
    const token = await issue('untilRevoked')
    gh.clock.advance(365 * DAY)
    expect((await refreshGrant(gh, token, appCreds('untilRevoked'))).status).toBe(200)
  })

  it('immediatelyExpire: never usable, even at once', async () => {
    const token = await issue('immediatelyExpire')
    await dead(await refreshGrant(gh, token, appCreds('immediatelyExpire')))
  })

  it('expireIfNotUsedFor 2 hours: each use restarts the idle time', async () => {
    const token = await issue('idle2h')
    gh.clock.advance(2 * HOUR - 1)
    expect((await refreshGrant(gh, token, appCreds('idle2h'))).status).toBe(200)
    gh.clock.advance(2 * HOUR - 1)
    expect((await refreshGrant(gh, token, appCreds('idle2h'))).status).toBe(200)
    gh.clock.advance(2 * HOUR)
    await dead(await refreshGrant(gh, token, appCreds('idle2h')))
  })

  it('expireAfter 1 day: counted from the grant, however often it is used', async () => {
    const token = await issue('after1d')
    for (let i = 0; i < 3; i++) {
      gh.clock.advance(8 * HOUR - 1)
      expect((await refreshGrant(gh, token, appCreds('after1d'))).status).toBe(200)
    }
    gh.clock.advance(3)
    await dead(await refreshGrant(gh, token, appCreds('after1d')))
  })

  it('expireAfter 1 month: a month is 30 days', async () => {
    const token = await issue('after1m')
    gh.clock.advance(30 * DAY - 1)
    expect((await refreshGrant(gh, token, appCreds('after1m'))).status).toBe(200)
    gh.clock.advance(1)
    await dead(await refreshGrant(gh, token, appCreds('after1m')))
  })
})

describe('device codes (10 minutes)', () => {
  it('expire: polling after 10 minutes is expired_token', async (context) => {
    const start = await gh.fetch(TOKEN, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ response_type: 'device_code', client_id: keyOf('Device') }),
    })
    if (start.status !== 200) context.skip()
    const { device_code } = (await start.json()) as { device_code: string }
    gh.clock.advance(10 * MINUTE)
    const poll = await gh.fetch(TOKEN, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'device',
        client_id: keyOf('Device'),
        code: device_code,
      }),
    })
    expect(poll.status).toBe(400)
    expect(((await poll.json()) as { error: string }).error).toBe('expired_token')
  })
})

describe('the API limit window (rolling 24 hours)', () => {
  it('refuses once the allocation is used and rolls on as the clock moves', async () => {
    gh.clock.advance(2 * DAY)
    const { accessToken } = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    const call = () =>
      gh.fetch(`${API}/limits`, { headers: { authorization: `Bearer ${accessToken}` } })
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200)
    const refused = await call()
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ])
    gh.clock.advance(DAY)
    const fresh = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    const later = await gh.fetch(`${API}/limits`, {
      headers: { authorization: `Bearer ${fresh.accessToken}` },
    })
    expect(later.status).toBe(200)
  })
})

describe('moving the clock', () => {
  it('through the admin API: advance "+2h", freeze, reset', async () => {
    const before = gh.clock.now()
    const advanced = await admin(gh, '/clock/advance', { method: 'POST', body: { by: '+2h' } })
    expect(((await advanced.json()) as { nowMs: number }).nowMs).toBe(before + 2 * HOUR)
    expect(gh.clock.now()).toBe(before + 2 * HOUR)
    const frozen = await admin(gh, '/clock/freeze', { method: 'POST' })
    expect(await frozen.json()).toMatchObject({ frozen: true })
    const reset = await admin(gh, '/clock/reset', { method: 'POST' })
    expect(await reset.json()).toMatchObject({ frozen: false, offsetSeconds: 0 })
  })

  it('from the workspace: simulation.clockOffsetSeconds sets the start', async () => {
    const ws = testWorkspace()
    ws.simulation = { clockOffsetSeconds: 3600 }
    const { createGatehouse } = await import('../../../src/core')
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-clock-'))
    try {
      // No clock is injected: the engine makes one, offset as the workspace says.
      const engine = await createGatehouse({ dataDir: dir, workspace: ws, uiDir: null })
      expect(engine.clock.state().offsetMs).toBe(3600_000)
      await engine.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
