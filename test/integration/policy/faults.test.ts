import fc from 'fast-check'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LOGIN_RESTRICTED_MESSAGE } from '../../../src/core/salesforce/login-messages'
import { tokenSignature } from '../../../src/core/tokens/signature'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, PASSWORD, USERS } from '../../support/workspace'
import { authorizePath, BrowserClient, hiddenFields, LOGIN } from '../authorize/support'
import { issueTokens } from '../endpoints/support'
import { issueCode } from '../token/support'
import {
  admin,
  API,
  detailOf,
  injectForm,
  OFFICE_IP,
  passwordGrant,
  policyWorkspace,
  RITA,
  stepsOf,
  TOKEN,
  tracedServer,
  type TracedServer,
} from './support'

/**
 * Fault rules: added, toggled and removed at run time, matched on endpoint, grant type, app,
 * user and method, limited to the next N matches (atomically) or a probability, and each
 * action observed on the wire and in the trace.
 */
let gh: RunningGatehouse
let traced: TracedServer

beforeAll(async () => {
  gh = await startGatehouse({ workspace: policyWorkspace() })
  traced = await tracedServer(gh)
})
afterAll(async () => {
  await traced.close()
  await gh.close()
})
afterEach(() => {
  for (const rule of gh.engine.policy.faults.list()) gh.engine.policy.faults.remove(rule.id)
  gh.engine.policy.simulation.set({ clientIp: null })
})

const faults = () => gh.engine.policy.faults
const tokenFor = (username: string = USERS.ada, app = C1.key) =>
  issueTokens(gh.engine, { app, username, scopes: ['api', 'refresh_token', 'openid', 'id'] })

describe('the engine API', () => {
  it('adds, lists, toggles, re-arms and removes rules; the workspace holds them', () => {
    const added = faults().add({
      name: 'Token down',
      when: { endpoint: 'token', times: 2 },
      then: { preset: 'server-unavailable' },
    })
    expect(added).toMatchObject({
      id: expect.stringMatching(/^fault-[0-9a-f]{8}$/),
      name: 'Token down',
      enabled: true,
      position: 0,
      fired: 0,
      remaining: 2,
      lastFiredAt: null,
    })
    expect(gh.engine.exportWorkspace().faults).toEqual([
      {
        id: added.id,
        name: 'Token down',
        enabled: true,
        when: { endpoint: 'token', times: 2 },
        then: { preset: 'server-unavailable' },
      },
    ])
    expect(faults().setEnabled(added.id).enabled).toBe(false)
    expect(faults().setEnabled(added.id, true).enabled).toBe(true)
    expect(faults().reset(added.id).remaining).toBe(2)
    faults().remove(added.id)
    expect(faults().list()).toEqual([])
    expect(gh.engine.exportWorkspace().faults).toEqual([])
  })

  it('refuses invalid rules with their paths, unknown apps and users, and duplicate ids', () => {
    expect(() => faults().add({ when: {}, then: {} })).toThrow(/then: expected an action/)
    expect(() =>
      faults().add({
        when: {},
        then: { preset: 'ip-restricted', respond: { status: 500, error: 'x' } },
      }),
    ).toThrow(/then.respond: expected only one of/)
    expect(() => faults().add({ when: { app: 'Nope' }, then: { latencyMs: 1 } })).toThrow(
      /when.app: no app named/,
    )
    expect(() => faults().add({ when: { user: 'nobody@x.test' }, then: { latencyMs: 1 } })).toThrow(
      /when.user: no user/,
    )
    faults().add({ id: 'one', when: {}, then: { latencyMs: 1 } })
    expect(() => faults().add({ id: 'one', when: {}, then: { latencyMs: 1 } })).toThrow(
      /already exists/,
    )
  })

  it('names rules without an id by position', async () => {
    gh.engine.importWorkspace({
      ...gh.engine.exportWorkspace(),
      faults: [
        { when: { endpoint: 'jwks' }, then: { respond: { status: 500, error: 'boom' } } },
        { id: 'named', when: { endpoint: 'discovery' }, then: { latencyMs: 1 } },
      ],
    })
    expect(
      faults()
        .list()
        .map((rule) => rule.id),
    ).toEqual(['rule-1', 'named'])
    const res = await traced.app.inject({ url: '/id/keys' })
    expect(res.statusCode).toBe(500)
    expect(stepsOf(traced.last())).toEqual(['fault.rule-1:failed'])
  })
})

describe('matching', () => {
  const password = (username: string, app = C1) =>
    traced.app.inject({
      method: 'POST',
      url: TOKEN,
      ...injectForm({
        grant_type: 'password',
        client_id: app.key,
        client_secret: app.secret,
        username,
        password: PASSWORD,
      }),
    })

  it('on endpoint, grant type, app, user and method together', async () => {
    faults().add({
      id: 'sam-only',
      when: {
        endpoint: 'token',
        grantType: 'password',
        app: C1.name.toUpperCase(),
        user: USERS.sam,
        method: 'POST',
      },
      then: { respond: { status: 400, error: 'invalid_grant', error_description: 'nope' } },
    })
    expect((await password(USERS.ada)).statusCode).toBe(200)
    const sam = await password(USERS.sam)
    expect(sam.statusCode).toBe(400)
    expect(sam.json()).toEqual({ error: 'invalid_grant', error_description: 'nope' })
    expect(sam.headers['cache-control']).toBe('no-store')
    expect(traced.last()!.fault).toMatchObject({ id: 'sam-only', action: 'respond', fired: 1 })
    expect(stepsOf(traced.last())).toEqual(['fault.sam-only:failed'])
    expect((await traced.app.inject({ url: '/.well-known/openid-configuration' })).statusCode).toBe(
      200,
    )
  })

  it('a rule with grantType matches token requests only', async () => {
    faults().add({
      when: { grantType: ['refresh_token', 'password'] },
      then: { respond: { status: 418, error: 'teapot' } },
    })
    expect((await password(USERS.ada)).statusCode).toBe(418)
    expect((await traced.app.inject({ url: '/id/keys' })).statusCode).toBe(200)
  })

  it('probability 0 never fires, probability 1 always does', async () => {
    const rule = faults().add({
      when: { endpoint: 'jwks', probability: 0 },
      then: { respond: { status: 500, error: 'boom' } },
    })
    for (let i = 0; i < 5; i++)
      expect((await traced.app.inject({ url: '/id/keys' })).statusCode).toBe(200)
    faults().remove(rule.id)
    faults().add({
      when: { endpoint: 'jwks', probability: 1 },
      then: { respond: { status: 500, error: 'boom' } },
    })
    expect((await traced.app.inject({ url: '/id/keys' })).statusCode).toBe(500)
  })

  it('a disabled rule never fires; the first matching rule wins', async () => {
    faults().add({
      id: 'off',
      enabled: false,
      when: {},
      then: { respond: { status: 500, error: 'off' } },
    })
    faults().add({
      id: 'first',
      when: { endpoint: 'jwks' },
      then: { respond: { status: 501, error: 'a' } },
    })
    faults().add({ id: 'second', when: {}, then: { respond: { status: 502, error: 'b' } } })
    expect((await traced.app.inject({ url: '/id/keys' })).statusCode).toBe(501)
    expect((await traced.app.inject({ url: '/.well-known/openid-configuration' })).statusCode).toBe(
      502,
    )
  })

  it('never touches the workbench (UI and admin API)', async () => {
    faults().add({ when: {}, then: { respond: { status: 503, error: 'down' } } })
    expect((await admin(gh, '/status')).status).toBe(200)
  })
})

describe('times: only the next N matches', () => {
  it('fires exactly N times under concurrency (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 10 }),
        async (n, extra) => {
          const rule = faults().add({
            when: { endpoint: 'jwks', times: n },
            then: { respond: { status: 503, error: 'down' } },
          })
          const answers = await Promise.all(
            Array.from({ length: n + extra }, () => gh.fetch('/id/keys')),
          )
          const faulted = answers.filter((res) => res.status === 503).length
          const view = faults().get(rule.id)
          faults().remove(rule.id)
          expect(faulted).toBe(n)
          expect(view).toMatchObject({ fired: n, remaining: 0 })
        },
      ),
      { numRuns: 15 },
    )
  })

  it('re-arms when turned on again or reset; a used-up rule lets later rules match', async () => {
    const rule = faults().add({
      when: { endpoint: 'jwks', times: 1 },
      then: { respond: { status: 500, error: 'a' } },
    })
    faults().add({
      id: 'fallback',
      when: { endpoint: 'jwks' },
      then: { respond: { status: 502, error: 'b' } },
    })
    expect((await gh.fetch('/id/keys')).status).toBe(500)
    expect((await gh.fetch('/id/keys')).status).toBe(502)
    faults().reset(rule.id)
    expect((await gh.fetch('/id/keys')).status).toBe(500)
    faults().setEnabled(rule.id, false)
    faults().setEnabled(rule.id, true)
    expect((await gh.fetch('/id/keys')).status).toBe(500)
    expect((await gh.fetch('/id/keys')).status).toBe(502)
  })
})

describe('actions', () => {
  it('respond: the REST API’s array with Sforce-Limit-Info', async () => {
    const issued = await tokenFor()
    faults().add({
      when: { endpoint: 'rest' },
      then: { respond: { status: 500, error: 'UNKNOWN_EXCEPTION', error_description: 'boom' } },
    })
    const res = await traced.app.inject({
      url: `${API}/limits`,
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual([{ message: 'boom', errorCode: 'UNKNOWN_EXCEPTION' }])
    expect(res.headers['sforce-limit-info']).toMatch(/^api-usage=\d+\/15000$/)
    expect(traced.last()!.log.steps[0]).toMatchObject({
      name: expect.stringMatching(/^fault\./),
      outcome: 'failed',
      error: { error: 'UNKNOWN_EXCEPTION', error_description: 'boom', status: 500 },
    })
  })

  it('respond: an error redirect back to the app from the authorization endpoint', async () => {
    faults().add({
      when: { endpoint: 'authorize' },
      then: { respond: { status: 400, error: 'access_denied', error_description: 'nope' } },
    })
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      state: 's1',
    })
    const res = await gh.fetch(`/services/oauth2/authorize?${query}`)
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location')!)
    expect(location.origin + location.pathname).toBe(C1.redirect)
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'nope',
      state: 's1',
      iss: gh.baseUrl,
    })
    // A redirect URI that is not registered is never redirected to: the error page.
    query.set('redirect_uri', 'https://evil.test/cb')
    const page = await gh.fetch(`/services/oauth2/authorize?${query}`)
    expect(page.status).toBe(400)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
  })

  it('respond: a plain-text code from UserInfo', async () => {
    const issued = await tokenFor()
    faults().add({
      when: { endpoint: 'userinfo' },
      then: { respond: { status: 403, error: 'Bad_OAuth_Token' } },
    })
    const res = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toBe('Bad_OAuth_Token')
  })

  it('latencyMs waits in real time, then the endpoint answers as usual', async () => {
    faults().add({ id: 'slow', when: { endpoint: 'jwks' }, then: { latencyMs: 150 } })
    const started = performance.now()
    const res = await traced.app.inject({ url: '/id/keys' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(res.statusCode).toBe(200)
    expect(detailOf(traced.last(), 'fault.slow')).toContain('waited 150 ms')
  })

  it('clientIp judges the request as coming from that address; the real check decides', async () => {
    faults().add({ id: 'office', when: { user: RITA }, then: { clientIp: OFFICE_IP } })
    const res = await passwordGrant(gh, RITA)
    expect(res.status).toBe(200)
    faults().remove('office')
    expect((await passwordGrant(gh, RITA)).status).toBe(400)
  })

  it('dropConnection closes the connection without an answer', async () => {
    faults().add({ id: 'drop', when: { endpoint: 'jwks' }, then: { dropConnection: true } })
    await expect(gh.fetch('/id/keys')).rejects.toThrow()
    expect((await gh.fetch('/.well-known/openid-configuration')).status).toBe(200)
    // The exchange is still recorded, with the rule that dropped it.
    await gh.engine.recorder!.flush()
    const page = (await (await admin(gh, '/exchanges?endpoint=jwks')).json()) as {
      items: Array<{ status: number; fault: string | null }>
    }
    expect(page.items[0]).toMatchObject({ status: 444, fault: 'drop' })
  })

  it('corruptSignature breaks the signature field and the id_token signature', async () => {
    const issued = await tokenFor()
    faults().add({ id: 'bad-sig', when: { endpoint: 'token' }, then: { corruptSignature: true } })
    const res = await traced.app.inject({
      method: 'POST',
      url: TOKEN,
      ...injectForm({
        grant_type: 'refresh_token',
        client_id: C1.key,
        client_secret: C1.secret,
        refresh_token: issued.refreshToken!,
      }),
    })
    expect(res.statusCode).toBe(200)
    const body = res.json() as Record<string, string>
    const app = gh.engine.store.workspace.findAppByConsumerKey(C1.key)!
    expect(body.signature).not.toBe(tokenSignature(app.consumerSecret, body.id!, body.issued_at!))
    expect(detailOf(traced.last(), 'fault.bad-sig')).toBe(
      'fault rule bad-sig fired (1 so far); broke the signature of signature, id_token in the response',
    )
    const jwks = createLocalJWKSet(gh.engine.oauth.keys.jwks() as never)
    await expect(jwtVerify(body.id_token!, jwks)).rejects.toThrow(/signature/)
  })

  it('expireTokens expires the presented access token: the real check answers 401', async () => {
    const issued = await tokenFor()
    faults().add({ id: 'exp', when: { endpoint: 'rest', times: 1 }, then: { expireTokens: true } })
    const res = await traced.app.inject({
      url: `${API}/limits`,
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(res.statusCode).toBe(401)
    expect(stepsOf(traced.last())).toEqual(
      expect.arrayContaining(['fault.exp:passed', 'rest.token:failed']),
    )
    expect(detailOf(traced.last(), 'fault.exp')).toContain('expired the access token')
    // The rule is used up, the token stays expired.
    const again = await traced.app.inject({
      url: `${API}/limits`,
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(again.statusCode).toBe(401)
    expect(stepsOf(traced.last())).not.toContain('fault.exp:passed')
  })

  it('revokeTokens revokes the grant of the presented refresh token', async () => {
    const issued = await tokenFor()
    faults().add({
      when: { endpoint: 'token', grantType: 'refresh_token' },
      then: { revokeTokens: true },
    })
    const res = await traced.app.inject({
      method: 'POST',
      url: TOKEN,
      ...injectForm({
        grant_type: 'refresh_token',
        client_id: C1.key,
        client_secret: C1.secret,
        refresh_token: issued.refreshToken!,
      }),
    })
    expect(res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    })
    expect(gh.engine.oauth.store.findGrant(issued.grantId)!.revoked_at).not.toBeNull()
  })

  it('expireTokens on a code exchange: expired authorization code', async () => {
    const code = issueCode(gh.engine, {
      appKey: C2.key,
      username: USERS.ada,
      redirectUri: C2.redirect,
      scopes: 'api',
    })
    faults().add({ when: { grantType: 'authorization_code' }, then: { expireTokens: true } })
    const res = await gh.fetch(TOKEN, {
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
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    })
  })
})

describe('presets that make a real step refuse', () => {
  it('login-rate-exceeded: policy.login_rate refuses with 429 and Retry-After (security case 47)', async () => {
    faults().add({
      id: 'rate',
      when: { endpoint: 'token' },
      then: { preset: 'login-rate-exceeded' },
    })
    const res = await passwordGrant(gh, USERS.ada)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(await res.json()).toEqual({
      error: 'rate_limit_exceeded',
      error_description: 'number of logins exceeded',
    })
  })

  it('ip-restricted at the login form: the login page shows its own message', async () => {
    faults().add({ id: 'ip', when: { endpoint: 'login' }, then: { preset: 'ip-restricted' } })
    const client = new BrowserClient(gh)
    const page = await client.get(
      authorizePath({ response_type: 'code', client_id: C1.key, redirect_uri: C1.redirect }),
    )
    const { request_id, csrf } = hiddenFields(await page.text())
    const login = await client.post(LOGIN, {
      request_id,
      csrf,
      username: USERS.ada,
      password: PASSWORD,
    })
    expect(login.status).toBe(200)
    expect(await login.text()).toContain(LOGIN_RESTRICTED_MESSAGE)
  })
})

describe('the admin API', () => {
  it('lists, adds, toggles, patches, resets and removes rules', async () => {
    const created = await admin(gh, '/faults', {
      method: 'POST',
      body: {
        id: 'jwks-down',
        when: { endpoint: 'jwks', times: 3 },
        then: { preset: 'server-unavailable' },
      },
    })
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ id: 'jwks-down', remaining: 3, fired: 0 })
    expect((await gh.fetch('/id/keys')).status).toBe(503)

    const list = (await (await admin(gh, '/faults')).json()) as Array<{ id: string; fired: number }>
    expect(list).toMatchObject([{ id: 'jwks-down', fired: 1, remaining: 2 }])

    const toggled = await admin(gh, '/faults/jwks-down/toggle', { method: 'POST' })
    expect(await toggled.json()).toMatchObject({ enabled: false })
    expect((await gh.fetch('/id/keys')).status).toBe(200)

    const patched = await admin(gh, '/faults/jwks-down', {
      method: 'PATCH',
      body: { enabled: true },
    })
    expect(await patched.json()).toMatchObject({ enabled: true, fired: 0, remaining: 3 })

    await gh.fetch('/id/keys')
    const reset = await admin(gh, '/faults/jwks-down/reset', { method: 'POST' })
    expect(await reset.json()).toMatchObject({ fired: 0, remaining: 3 })

    expect((await admin(gh, '/faults/jwks-down', { method: 'DELETE' })).status).toBe(204)
    expect((await admin(gh, '/faults/jwks-down')).status).toBe(404)
  })

  it('answers 400 with paths for an invalid rule and 409 for a duplicate id', async () => {
    const bad = await admin(gh, '/faults', {
      method: 'POST',
      body: { when: { endpoint: 'nowhere' }, then: { latencyMs: 1 } },
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { issues: Array<{ path: string }> }).issues[0]!.path).toBe(
      'when.endpoint',
    )
    await admin(gh, '/faults', {
      method: 'POST',
      body: { id: 'x', when: {}, then: { latencyMs: 1 } },
    })
    const dup = await admin(gh, '/faults', {
      method: 'POST',
      body: { id: 'x', when: {}, then: { latencyMs: 1 } },
    })
    expect(dup.status).toBe(409)
  })

  it('lists the presets with where they apply', async () => {
    const presets = (await (await admin(gh, '/faults/presets')).json()) as Array<{ name: string }>
    expect(presets.map((p) => p.name)).toEqual([
      'expired-access-token',
      'revoked-refresh-token',
      'user-not-approved',
      'ip-restricted',
      'api-limit-exceeded',
      'login-rate-exceeded',
      'insufficient-scope',
      'invalid-client-secret',
      'consent-denied',
      'server-unavailable',
      'slow-token-endpoint',
    ])
  })

  it('reads and sets the simulated client IP', async () => {
    expect(await (await admin(gh, '/simulation/client-ip')).json()).toEqual({
      clientIp: null,
      appClientIps: {},
      userClientIps: {},
      trustForwardedFor: false,
    })
    const set = await admin(gh, '/simulation/client-ip', {
      method: 'PUT',
      body: {
        clientIp: OFFICE_IP,
        userClientIps: { [RITA]: '203.0.113.1' },
        trustForwardedFor: true,
      },
    })
    expect(await set.json()).toEqual({
      clientIp: OFFICE_IP,
      appClientIps: {},
      userClientIps: { [RITA]: '203.0.113.1' },
      trustForwardedFor: true,
    })
    expect(gh.engine.exportWorkspace().simulation).toMatchObject({
      clientIp: OFFICE_IP,
      userClientIps: { [RITA]: '203.0.113.1' },
      trustForwardedFor: true,
    })
    const bad = await admin(gh, '/simulation/client-ip', {
      method: 'PUT',
      body: { clientIp: 'not-an-ip', appClientIps: { Nope: '1.2.3.4' } },
    })
    expect(bad.status).toBe(400)
    const cleared = await admin(gh, '/simulation/client-ip', {
      method: 'PUT',
      body: { clientIp: null, userClientIps: {}, trustForwardedFor: false },
    })
    expect(await cleared.json()).toEqual({
      clientIp: null,
      appClientIps: {},
      userClientIps: {},
      trustForwardedFor: false,
    })
    expect(gh.engine.exportWorkspace().simulation).toEqual({
      clientIp: null,
      clockOffsetSeconds: 0,
    })
  })

  it('needs the admin token', async () => {
    expect((await gh.fetch('/_gatehouse/api/faults')).status).toBe(401)
  })
})
