import jsforce from 'jsforce'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, CC, P1, PASSWORD, testWorkspace, USERS } from '../../support/workspace'
import { admin } from '../admin/support'
import {
  authorizeInBrowser,
  basic,
  Browser,
  getFlow,
  hidden,
  listExchanges,
  location,
  pkce,
  TOKEN,
} from './support'

/**
 * Flows are tied together by lineage — the pending request, the code, the tokens, the grant —
 * whatever client drives them. Each flow here is driven the way a real integration would.
 */
let gh: RunningGatehouse

const DEVICE = { name: 'Device App', key: '3MVG9DV.trace.device.flow.consumer.key' }

beforeAll(async () => {
  const workspace = testWorkspace()
  workspace.apps!.push({
    kind: 'connectedApp',
    name: DEVICE.name,
    consumerKey: DEVICE.key,
    scopes: ['api', 'refresh_token'],
    deviceFlow: { enabled: true },
    requireSecretForRefreshTokenFlow: false,
  })
  gh = await startGatehouse({ workspace })
})
afterAll(() => gh.close())

/** The flow the latest exchange belongs to. */
async function latestFlowId(): Promise<number> {
  const [latest] = await listExchanges(gh, 'limit=1')
  expect(latest?.flowId).toEqual(expect.any(Number))
  return latest!.flowId!
}

describe('web server flow over raw HTTP with a cookie jar', () => {
  it('authorize → login → consent → code → token → API → refresh → revoke is one flow', async () => {
    const browser = new Browser(gh)
    const { verifier, challenge } = pkce()
    const { code } = await authorizeInBrowser(
      gh,
      browser,
      {
        response_type: 'code',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'api refresh_token openid',
        state: 'st-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
      USERS.ada,
    )
    const flowId = await latestFlowId()

    const token = await gh.fetch(TOKEN, {
      method: 'POST',
      headers: { authorization: basic(C1.key, C1.secret) },
      body: form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: C1.redirect,
        code_verifier: verifier,
      }),
    })
    expect(token.status).toBe(200)
    const tokens = (await token.json()) as { access_token: string; refresh_token: string }

    const api = await gh.fetch('/services/data/v62.0/limits', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    expect(api.status).toBe(200)
    const userinfo = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    expect(userinfo.status).toBe(200)

    const refreshed = await gh.fetch(TOKEN, {
      method: 'POST',
      body: form({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: C1.key,
        client_secret: C1.secret,
      }),
    })
    expect(refreshed.status).toBe(200)
    const { access_token: second } = (await refreshed.json()) as { access_token: string }
    const apiAgain = await gh.fetch('/services/data/v62.0/', {
      headers: { authorization: `Bearer ${second}` },
    })
    expect(apiAgain.status).toBe(200)

    const revoke = await gh.fetch('/services/oauth2/revoke', {
      method: 'POST',
      body: form({ token: tokens.refresh_token }),
    })
    expect(revoke.status).toBe(200)

    const flow = await getFlow(gh, flowId)
    expect(flow.exchanges.map((e) => e.endpoint)).toEqual([
      'authorize',
      'login',
      'continue',
      'consent',
      'token',
      'rest',
      'userinfo',
      'token',
      'rest',
      'revoke',
    ])
    expect(flow).toMatchObject({
      kind: 'web_server',
      appKey: C1.key,
      appName: C1.name,
      username: USERS.ada,
      status: 'succeeded',
      failedStep: null,
      exchangeCount: 10,
    })
    expect(flow.grantId).toEqual(expect.any(String))
    expect(Date.parse(flow.endedAt)).toBeGreaterThanOrEqual(Date.parse(flow.startedAt))

    // The revoked token used again: the same flow, now failed at the step that refused it.
    const late = await gh.fetch('/services/data/v62.0/', {
      headers: { authorization: `Bearer ${second}` },
    })
    expect(late.status).toBe(401)
    const after = await getFlow(gh, flowId)
    expect(after.exchangeCount).toBe(11)
    expect(after.status).toBe('failed')
    expect(after.failedStep).toBe('rest.token')
    expect(after.failedExchangeId).toBe(after.exchanges.at(-1)!.id)
  })

  it('a second authorization by the same browser (session, remembered consent) is a new flow', async () => {
    const browser = new Browser(gh)
    const params = {
      response_type: 'code',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'api',
    }
    await authorizeInBrowser(gh, browser, params, USERS.sam)
    const first = await latestFlowId()
    // Logged in and approved already: /authorize answers with the code straight away.
    const again = await browser.get(`/services/oauth2/authorize?${new URLSearchParams(params)}`)
    expect(again.status).toBe(302)
    const second = await latestFlowId()
    expect(second).not.toBe(first)
    const flow = await getFlow(gh, second)
    expect(flow.exchanges.map((e) => e.endpoint)).toEqual(['authorize'])
    expect(flow).toMatchObject({ kind: 'web_server', username: USERS.sam, status: 'in_progress' })
  })

  it('a wrong password keeps the flow, failed at the login step, until the retry succeeds', async () => {
    const browser = new Browser(gh)
    const page = await browser.get(
      `/services/oauth2/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: P1.key,
        redirect_uri: P1.redirect,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      })}`,
    )
    const html = await page.text()
    const fields = { request_id: hidden(html, 'request_id'), csrf: hidden(html, 'csrf') }
    const wrong = await browser.post('/services/oauth2/authorize/login', {
      ...fields,
      username: USERS.ada,
      password: 'not-the-password',
    })
    expect(wrong.status).toBe(200)
    const flowId = await latestFlowId()
    const failed = await getFlow(gh, flowId)
    expect(failed.status).toBe('failed')
    expect(failed.failedStep).toMatch(/^login\./)

    const right = await browser.post('/services/oauth2/authorize/login', {
      ...fields,
      username: USERS.ada,
      password: PASSWORD,
    })
    expect(right.status).toBe(303)
    const retried = await getFlow(gh, flowId)
    expect(retried.exchanges.map((e) => e.endpoint)).toEqual(['authorize', 'login', 'login'])
    expect(retried.status).toBe('in_progress')
    expect(retried.failedStep).toBeNull()
  })

  it('a code exchanged with the wrong secret joins its flow, failed at client.secret', async () => {
    const browser = new Browser(gh)
    const { code } = await authorizeInBrowser(
      gh,
      browser,
      { response_type: 'code', client_id: C1.key, redirect_uri: C1.redirect, scope: 'api' },
      USERS.sam,
    )
    const flowId = await latestFlowId()
    const res = await gh.fetch(TOKEN, {
      method: 'POST',
      body: form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: C1.redirect,
        client_id: C1.key,
        client_secret: 'wrong-secret',
      }),
    })
    expect(res.status).toBe(400)
    const flow = await getFlow(gh, flowId)
    expect(flow.exchanges.at(-1)!.endpoint).toBe('token')
    expect(flow).toMatchObject({ status: 'failed', failedStep: 'client.secret' })
  })
})

describe('user-agent flow', () => {
  it('authorize → login → consent → tokens in the fragment → API calls is one flow', async () => {
    const browser = new Browser(gh)
    const page = await browser.get(
      `/services/oauth2/authorize?${new URLSearchParams({
        response_type: 'token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'api refresh_token',
      })}`,
    )
    const html = await page.text()
    const login = await browser.post('/services/oauth2/authorize/login', {
      request_id: hidden(html, 'request_id'),
      csrf: hidden(html, 'csrf'),
      username: USERS.sam,
      password: PASSWORD,
    })
    const next = location(gh, login)
    let response = await browser.get(next.pathname + next.search)
    if (response.status === 200) {
      const consent = await response.text()
      response = await browser.post('/services/oauth2/authorize/consent', {
        request_id: hidden(consent, 'request_id'),
        csrf: hidden(consent, 'csrf'),
        decision: 'approve',
      })
    }
    const fragment = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1))
    const token = fragment.get('access_token')!
    expect(token).toBeTruthy()
    const flowId = await latestFlowId()
    await gh.fetch('/services/data/v62.0/', { headers: { authorization: `Bearer ${token}` } })
    await gh.fetch('/services/oauth2/revoke', {
      method: 'POST',
      body: form({ token: fragment.get('refresh_token')! }),
    })
    const flow = await getFlow(gh, flowId)
    expect(flow.exchanges.map((e) => e.endpoint)).toEqual(
      expect.arrayContaining(['authorize', 'login', 'continue', 'rest', 'revoke']),
    )
    expect(flow).toMatchObject({ kind: 'user_agent', username: USERS.sam, status: 'succeeded' })
  })
})

describe('device flow', () => {
  it('device code → verification page → login → Allow → polling → API call is one flow', async () => {
    const multipart = (fields: Record<string, string>) => {
      const body = new FormData()
      for (const [name, value] of Object.entries(fields)) body.append(name, value)
      return body
    }
    const start = await gh.fetch(TOKEN, {
      method: 'POST',
      body: multipart({ client_id: DEVICE.key, response_type: 'device_code', scope: 'api' }),
    })
    expect(start.status).toBe(200)
    const device = (await start.json()) as { device_code: string; user_code: string }
    const flowId = await latestFlowId()

    const pending = await gh.fetch(TOKEN, {
      method: 'POST',
      body: multipart({ client_id: DEVICE.key, grant_type: 'device', code: device.device_code }),
    })
    expect(pending.status).toBe(400)

    const browser = new Browser(gh)
    let page = await browser.get(`/setup/connect?user_code=${encodeURIComponent(device.user_code)}`)
    let html = await page.text()
    if (html.includes('id="username"')) {
      const login = await browser.post('/setup/connect/login', {
        request_id: hidden(html, 'request_id'),
        csrf: hidden(html, 'csrf'),
        username: USERS.ada,
        password: PASSWORD,
      })
      const next = location(gh, login)
      page = await browser.get(next.pathname + next.search)
      html = await page.text()
    }
    const decision = await browser.post('/setup/connect/decision', {
      csrf: hidden(html, 'csrf'),
      user_code: hidden(html, 'user_code'),
      decision: 'approve',
    })
    expect(decision.status).toBe(303)

    gh.clock.advance(10_000)
    const granted = await gh.fetch(TOKEN, {
      method: 'POST',
      body: multipart({ client_id: DEVICE.key, grant_type: 'device', code: device.device_code }),
    })
    expect(granted.status).toBe(200)
    const { access_token: token } = (await granted.json()) as { access_token: string }
    await gh.fetch('/services/data/v62.0/', { headers: { authorization: `Bearer ${token}` } })

    const flow = await getFlow(gh, flowId)
    const endpoints = flow.exchanges.map((e) => `${e.method} ${e.url.split('?')[0]}`)
    expect(endpoints).toEqual(
      expect.arrayContaining([
        'POST /services/oauth2/token',
        'GET /setup/connect',
        'POST /setup/connect/decision',
        'GET /services/data/v62.0/',
      ]),
    )
    expect(flow.exchanges.filter((e) => e.endpoint === 'token')).toHaveLength(3)
    expect(flow).toMatchObject({
      kind: 'device',
      appKey: DEVICE.key,
      username: USERS.ada,
      status: 'succeeded',
    })
  })
})

describe('jsforce: password login and a REST call', () => {
  it('is one password flow', async () => {
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: C1.key,
        clientSecret: C1.secret,
        redirectUri: C1.redirect,
      },
      version: '62.0',
    })
    await conn.login(USERS.ada, PASSWORD)
    await conn.query('SELECT Id, Name FROM Account')
    const flow = await getFlow(gh, await latestFlowId())
    expect(flow.exchanges.map((e) => e.endpoint)).toEqual(['token', 'rest'])
    expect(flow.exchanges[0]!.grantType).toBe('password')
    expect(flow).toMatchObject({
      kind: 'password',
      appName: C1.name,
      username: USERS.ada,
      status: 'succeeded',
    })
  })

  it('a failed login is a failed password flow', async () => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: gh.baseUrl, clientId: C1.key, clientSecret: C1.secret },
    })
    await expect(conn.login(USERS.ada, 'wrong')).rejects.toThrow()
    const flow = await getFlow(gh, await latestFlowId())
    expect(flow).toMatchObject({ kind: 'password', status: 'failed', exchangeCount: 1 })
    expect(flow.failedStep).toEqual(expect.any(String))
  })
})

describe('openid-client: client credentials and introspection', () => {
  it('the token and its introspection are one client_credentials flow; discovery is in none', async () => {
    const config = await client.discovery(
      new URL(gh.baseUrl),
      CC.key,
      CC.secret,
      client.ClientSecretBasic(CC.secret),
      { execute: [client.allowInsecureRequests] },
    )
    const tokens = await client.clientCredentialsGrant(config, { scope: 'api' })
    const introspection = await client.tokenIntrospection(config, tokens.access_token)
    expect(introspection.active).toBe(true)

    const [introspect, token, discovery] = await listExchanges(gh, 'limit=3')
    expect([discovery!.endpoint, token!.endpoint, introspect!.endpoint]).toEqual([
      'discovery',
      'token',
      'introspect',
    ])
    expect(discovery!.flowId).toBeNull()
    expect(introspect!.flowId).toBe(token!.flowId)
    const flow = await getFlow(gh, token!.flowId!)
    expect(flow).toMatchObject({
      kind: 'client_credentials',
      appKey: CC.key,
      username: USERS.integration,
      status: 'succeeded',
      exchangeCount: 2,
    })
  })
})

describe('flow list', () => {
  it('filters by kind, status, app and user', async () => {
    const byKind = await admin(gh, 'GET', '/flows?kind=password')
    expect(byKind.body.items.length).toBeGreaterThan(0)
    expect(byKind.body.items.every((f: { kind: string }) => f.kind === 'password')).toBe(true)

    const failed = await admin(gh, 'GET', '/flows?status=failed')
    expect(failed.body.items.every((f: { status: string }) => f.status === 'failed')).toBe(true)

    const byApp = await admin(gh, 'GET', `/flows?app=${encodeURIComponent(C1.name.toUpperCase())}`)
    expect(byApp.body.items.length).toBeGreaterThan(0)
    expect(byApp.body.items.every((f: { appKey: string }) => f.appKey === C1.key)).toBe(true)

    const byUser = await admin(gh, 'GET', `/flows?user=${encodeURIComponent(USERS.integration)}`)
    expect(
      byUser.body.items.every((f: { username: string }) => f.username === USERS.integration),
    ).toBe(true)
  })
})
