import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LOGIN_RESTRICTED_MESSAGE } from '../../../src/core/salesforce/login-messages'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, PASSWORD } from '../../support/workspace'
import { authorizePath, BrowserClient, hiddenFields, LOGIN } from '../authorize/support'
import {
  API,
  appIn,
  detailOf,
  expectOAuthError,
  HOME_IP,
  injectForm,
  OFFICE_IP,
  policyWorkspace,
  RITA,
  stepsOf,
  tracedServer,
  TOKEN,
  type TracedServer,
} from './support'

/**
 * Profile login IP ranges, the app's IP relaxation, continuous IP enforcement, the refresh
 * token IP allowlist and the client IP they are judged by, through the real endpoints.
 * Rita's profile allows 192.168.10.0–192.168.10.255 only; locally every caller is 127.0.0.1.
 */
let gh: RunningGatehouse
let traced: TracedServer

beforeAll(async () => {
  const ws = policyWorkspace()
  appIn(ws, C2.name).policies = { ipRelaxation: 'enforceRelaxRefresh' }
  ws.apps.push({
    kind: 'connectedApp',
    name: 'Relaxed',
    consumerKey: '3MVG9RX.relaxed.consumer.key.for.policy.tests',
    consumerSecret: 'rx-secret-0123456789abcdef0123456789abcdef',
    scopes: ['api', 'refresh_token', 'openid'],
    usernamePassword: { enabled: true },
    policies: { ipRelaxation: 'relax' },
  })
  gh = await startGatehouse({ workspace: ws })
  traced = await tracedServer(gh)
})
afterAll(async () => {
  await traced.close()
  await gh.close()
})
beforeEach(() => {
  gh.engine.policy.simulation.set({
    clientIp: null,
    appClientIps: {},
    userClientIps: {},
    trustForwardedFor: false,
  })
})

const RELAXED = {
  key: '3MVG9RX.relaxed.consumer.key.for.policy.tests',
  secret: 'rx-secret-0123456789abcdef0123456789abcdef',
}

const password = (app: { key: string; secret: string }, username: string, headers = {}) =>
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
    headers: { ...injectForm({}).headers, ...headers },
  })

describe('the token endpoint under profile login IP ranges', () => {
  it('refuses a caller outside the range with Salesforce’s error, and says why', async () => {
    const res = await password(C1, RITA)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'ip restricted or invalid login hours',
    })
    expect(stepsOf(traced.last())).toContain('policy.ip:failed')
    expect(detailOf(traced.last(), 'policy.ip')).toBe(
      "client IP 127.0.0.1 is not in profile Restricted Staff's login ranges 192.168.10.0–192.168.10.255; app policy: enforce",
    )
    expect(detailOf(traced.last(), 'client.ip')).toBe('client IP 127.0.0.1: the socket address')
    expect(traced.last()!.clientIp).toBe('127.0.0.1')
  })

  it('lets the same user in from a simulated office address, globally, per app or per user', async () => {
    gh.engine.policy.simulation.set({ clientIp: OFFICE_IP })
    expect((await password(C1, RITA)).statusCode).toBe(200)
    expect(detailOf(traced.last(), 'client.ip')).toContain('simulation.clientIp')

    gh.engine.policy.simulation.set({ clientIp: HOME_IP, appClientIps: { [C1.name]: OFFICE_IP } })
    expect((await password(C1, RITA)).statusCode).toBe(200)
    expect(detailOf(traced.last(), 'client.ip')).toContain(`simulated IP of app ${C1.name}`)

    gh.engine.policy.simulation.set({ userClientIps: { [RITA]: HOME_IP } })
    expect((await password(C1, RITA)).statusCode).toBe(400)
    expect(detailOf(traced.last(), 'client.ip')).toContain(`simulated IP of user ${RITA}`)
  })

  it('users of unrestricted profiles are not affected', async () => {
    gh.engine.policy.simulation.set({ clientIp: HOME_IP })
    expect((await password(C1, 'ada@acme.test')).statusCode).toBe(200)
    expect(detailOf(traced.last(), 'policy.ip')).toContain(
      'profile System Administrator has no login IP ranges',
    )
  })

  it('an app that relaxes IP restrictions lets the caller through, saying so', async () => {
    expect((await password(RELAXED, RITA)).statusCode).toBe(200)
    expect(detailOf(traced.last(), 'policy.ip')).toBe(
      "client IP 127.0.0.1 is not in profile Restricted Staff's login ranges 192.168.10.0–192.168.10.255; app policy: relax (IP restrictions do not apply)",
    )
  })
})

describe('X-Forwarded-For (security case 47)', () => {
  it('is ignored unless the workspace trusts it: the socket address decides', async () => {
    const res = await password(C1, RITA, { 'x-forwarded-for': OFFICE_IP })
    expect(res.statusCode).toBe(400)
    expect(detailOf(traced.last(), 'client.ip')).toBe(
      `client IP 127.0.0.1: the socket address; X-Forwarded-For "${OFFICE_IP}" ignored: it is not trusted`,
    )
  })

  it('is used when trusted, and a simulated IP still wins over it', async () => {
    gh.engine.policy.simulation.set({ trustForwardedFor: true })
    expect((await password(C1, RITA, { 'x-forwarded-for': OFFICE_IP })).statusCode).toBe(200)
    gh.engine.policy.simulation.set({ clientIp: HOME_IP })
    expect((await password(C1, RITA, { 'x-forwarded-for': OFFICE_IP })).statusCode).toBe(400)
  })

  it('turning the simulation off never skips the check: it goes back to the socket', async () => {
    gh.engine.policy.simulation.set({ clientIp: OFFICE_IP })
    expect((await password(C1, RITA)).statusCode).toBe(200)
    gh.engine.policy.simulation.set({ clientIp: null })
    expect((await password(C1, RITA)).statusCode).toBe(400)
    expect(stepsOf(traced.last())).toContain('policy.ip:failed')
  })
})

describe('refresh tokens and the app’s IP relaxation', () => {
  async function refreshTokenFor(app: { key: string; secret: string }): Promise<string> {
    gh.engine.policy.simulation.set({ clientIp: OFFICE_IP })
    const issued = await gh.engine.oauth.issuer.issue({
      app: gh.engine.store.workspace.findAppByConsumerKey(app.key)!,
      user: gh.engine.store.workspace.findUserByUsername(RITA)!,
      scopes: ['api', 'refresh_token'],
      refreshToken: true,
      signature: true,
      issuedAt: true,
      idToken: false,
      flow: 'web_server',
    })
    if ('rotationLost' in issued) throw new Error('unexpected')
    gh.engine.policy.simulation.set({ clientIp: HOME_IP })
    return issued.refreshToken!
  }
  const refresh = (app: { key: string; secret: string }, token: string) =>
    traced.app.inject({
      method: 'POST',
      url: TOKEN,
      ...injectForm({
        grant_type: 'refresh_token',
        client_id: app.key,
        client_secret: app.secret,
        refresh_token: token,
      }),
    })

  it('enforce: a refresh from outside the range is refused', async () => {
    const res = await refresh(C1, await refreshTokenFor(C1))
    expect(res.statusCode).toBe(400)
    expect(res.json().error_description).toBe('ip restricted or invalid login hours')
  })

  it('enforceRelaxRefresh: the refresh goes through; a password login does not', async () => {
    const res = await refresh(C2, await refreshTokenFor(C2))
    expect(res.statusCode).toBe(200)
    expect(detailOf(traced.last(), 'policy.ip')).toContain(
      'app policy: enforceRelaxRefresh (relaxed for the refresh token flow)',
    )
  })
})

describe('the login page', () => {
  it('keeps a restricted user on the login page with Salesforce’s message', async () => {
    const client = new BrowserClient(gh)
    const page = await client.get(
      authorizePath({ response_type: 'code', client_id: C1.key, redirect_uri: C1.redirect }),
    )
    const { request_id, csrf } = hiddenFields(await page.text())
    const login = await client.post(LOGIN, { request_id, csrf, username: RITA, password: PASSWORD })
    expect(login.status).toBe(200)
    const html = await login.text()
    expect(html).toContain(LOGIN_RESTRICTED_MESSAGE)
    expect(login.headers.get('set-cookie')).toBeNull()
  })

  it('lets the user in from the office', async () => {
    gh.engine.policy.simulation.set({ userClientIps: { [RITA]: OFFICE_IP } })
    const client = new BrowserClient(gh)
    const page = await client.get(
      authorizePath({ response_type: 'code', client_id: C1.key, redirect_uri: C1.redirect }),
    )
    const { request_id, csrf } = hiddenFields(await page.text())
    const login = await client.post(LOGIN, { request_id, csrf, username: RITA, password: PASSWORD })
    expect(login.status).toBe(303)
  })
})

describe('continuous IP enforcement (REST API and UserInfo)', () => {
  async function tokenForRita(): Promise<string> {
    gh.engine.policy.simulation.set({ clientIp: OFFICE_IP })
    const res = await password(C1, RITA)
    expect(res.statusCode).toBe(200)
    return res.json().access_token as string
  }

  it('is off by default: a token from the office works from anywhere', async () => {
    const token = await tokenForRita()
    gh.engine.policy.simulation.set({ clientIp: HOME_IP })
    const res = await traced.app.inject({
      url: `${API}/limits`,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.statusCode).toBe(200)
    expect(stepsOf(traced.last())).toContain('policy.ip:skipped')
  })

  it('when on, refuses API calls from outside the range: REST 401, UserInfo 403', async () => {
    const token = await tokenForRita()
    const org = gh.engine.org()
    gh.engine.importWorkspace({
      ...gh.engine.exportWorkspace(),
      org: { ...org, enforceIpRangesEveryRequest: true },
    })
    try {
      gh.engine.policy.simulation.set({ clientIp: HOME_IP })
      const rest = await traced.app.inject({
        url: `${API}/limits`,
        headers: { authorization: `Bearer ${token}` },
      })
      expect(rest.statusCode).toBe(401)
      expect(rest.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ])
      expect(stepsOf(traced.last())).toContain('policy.ip:failed')

      const userinfo = await traced.app.inject({
        url: '/services/oauth2/userinfo',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(userinfo.statusCode).toBe(403)
      expect(userinfo.body).toBe('Bad_OAuth_Token')

      gh.engine.policy.simulation.set({ clientIp: OFFICE_IP })
      const back = await traced.app.inject({
        url: `${API}/limits`,
        headers: { authorization: `Bearer ${token}` },
      })
      expect(back.statusCode).toBe(200)
    } finally {
      gh.engine.importWorkspace({ ...gh.engine.exportWorkspace(), org })
    }
  })
})

describe('the refresh token IP allowlist (External Client Apps)', () => {
  it('blocks the refresh token flow outside the list, even for an app that relaxes IPs', async () => {
    const ws = gh.engine.exportWorkspace()
    const before = structuredClone(ws)
    const relaxed = ws.apps.find((a) => a.consumerKey === RELAXED.key)!
    relaxed.policies.refreshTokenIpAllowlist = [{ start: '203.0.113.0', end: '203.0.113.255' }]
    gh.engine.importWorkspace(ws)
    try {
      const issued = await gh.engine.oauth.issuer.issue({
        app: gh.engine.store.workspace.findAppByConsumerKey(RELAXED.key)!,
        user: gh.engine.store.workspace.findUserByUsername('ada@acme.test')!,
        scopes: ['api', 'refresh_token'],
        refreshToken: true,
        signature: true,
        issuedAt: true,
        idToken: false,
        flow: 'web_server',
      })
      if ('rotationLost' in issued) throw new Error('unexpected')
      const refresh = () =>
        traced.app.inject({
          method: 'POST',
          url: TOKEN,
          ...injectForm({
            grant_type: 'refresh_token',
            client_id: RELAXED.key,
            client_secret: RELAXED.secret,
            refresh_token: issued.refreshToken!,
          }),
        })
      const refused = await refresh()
      expect(refused.statusCode).toBe(400)
      expect(refused.json().error_description).toBe('ip restricted or invalid login hours')
      expect(detailOf(traced.last(), 'policy.refresh_ip_allowlist')).toBe(
        "client IP 127.0.0.1 is not in Relaxed's refresh token IP allowlist 203.0.113.0–203.0.113.255",
      )
      gh.engine.policy.simulation.set({ clientIp: HOME_IP })
      expect((await refresh()).statusCode).toBe(200)
      // The password flow is not guarded by the allowlist.
      gh.engine.policy.simulation.set({ clientIp: null })
      expect((await password(RELAXED, 'ada@acme.test')).statusCode).toBe(200)
    } finally {
      gh.engine.importWorkspace(before)
    }
  })
})

describe('every token grant records its client IP and policy steps', () => {
  it('password grant: client.ip, policy.ip, policy.refresh_ip_allowlist, policy.login_hours, policy.login_rate, policy.session_timeout', async () => {
    await password(C1, 'ada@acme.test')
    const steps = stepsOf(traced.last())
    const at = steps.indexOf('client.ip:passed')
    expect(steps.slice(at, at + 6)).toEqual([
      'client.ip:passed',
      'policy.ip:passed',
      'policy.refresh_ip_allowlist:skipped',
      'policy.login_hours:skipped',
      'policy.login_rate:passed',
      'policy.session_timeout:passed',
    ])
    expect(detailOf(traced.last(), 'policy.session_timeout')).toBe(
      `access tokens live 120 min: the org's session timeout (${C1.name} sets none)`,
    )
  })

  it('answers with a real server too (not only inject)', async () => {
    const res = await gh.fetch(TOKEN, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: C1.key,
        client_secret: C1.secret,
        username: RITA,
        password: PASSWORD,
      }),
    })
    await expectOAuthError(res, 400, 'invalid_grant', 'ip restricted or invalid login hours')
  })
})
