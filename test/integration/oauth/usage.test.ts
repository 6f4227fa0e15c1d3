import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/runner-api'
import type { Authorization } from '../../../src/shared/usage-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
import { NIGHTLY_ETL, ORDER_SYNC, runToEnd, startDemo } from '../runner/support'
import demo from '../../../resources/demo-workspace.json'

/**
 * OAuth usage: logins by every kind of flow show up as one authorization per user × app;
 * revoking one from the usage API ends a live jsforce connection (its refresh fails the way
 * Salesforce's does) and forgets the consent; revoke-all ends every user's access to an app.
 */
let gh: RunningGatehouse
const orderSync = demo.apps.find((app) => app.name === ORDER_SYNC)!
const nightly = demo.apps.find((app) => app.name === NIGHTLY_ETL)!

/** What the runner received at the end of a run (access_token, refresh_token …). */
const received = (run: Run) => Object.assign({}, ...run.steps.map((step) => step.handsOn ?? {}))

const grants = async (query = '') =>
  (await admin(gh, 'GET', `/grants${query}`)).body as Authorization[]

const find = (items: Authorization[], app: string, username: string) =>
  items.find((item) => item.app.name === app && item.user.username === username)

let web: Record<string, string>
let webFlowId: number | null

beforeAll(async () => {
  gh = await startDemo()
  // ada: the web server flow with consent (Order Sync lets users self-authorize).
  const webRun = await runToEnd(gh, { flow: 'web-server', app: ORDER_SYNC, user: 'ada@acme.test' })
  web = received(webRun)
  webFlowId = webRun.flowId
  // sam: jsforce's username-password login.
  const conn = new jsforce.Connection({
    oauth2: {
      loginUrl: gh.baseUrl,
      clientId: orderSync.consumerKey,
      clientSecret: orderSync.consumerSecret,
    },
  })
  await conn.login('sam@acme.test', 'Passw0rd!')
  // sam again, through the user-agent flow: the same authorization, one more way.
  await runToEnd(gh, { flow: 'user-agent', app: ORDER_SYNC, user: 'sam@acme.test' })
  // Nightly ETL: a JWT bearer assertion for the integration user, and client credentials.
  await runToEnd(gh, { flow: 'jwt-bearer', app: NIGHTLY_ETL, user: 'integration@acme.test' })
  await runToEnd(gh, { flow: 'client-credentials', app: NIGHTLY_ETL })
})
afterAll(() => gh.close())

describe('the grant list', () => {
  it('has one row per user × app, saying how each was authorized, with its live tokens', async () => {
    const items = await grants()
    const ada = find(items, ORDER_SYNC, 'ada@acme.test')!
    expect(ada).toMatchObject({ how: ['consent'], flows: ['web_server'], active: true })
    expect(ada.scopes).toEqual(expect.arrayContaining(['api', 'refresh_token']))
    expect(ada.refreshTokens.live).toBe(1)
    expect(ada.accessTokens.live).toBe(1)
    expect(Date.parse(ada.accessTokens.expiresAt!)).toBeGreaterThan(gh.engine.clock.now())
    expect(ada.consentedAt).not.toBeNull()
    const sam = find(items, ORDER_SYNC, 'sam@acme.test')!
    expect(sam).toMatchObject({ grants: 2, liveGrants: 2, active: true })
    expect(sam.how.sort()).toEqual(['consent', 'username-password'])
    expect(sam.flows.sort()).toEqual(['password', 'user_agent'])
    // Client credentials run as the integration user: the same user × app as its JWT logins.
    const etl = find(items, NIGHTLY_ETL, 'integration@acme.test')!
    expect(etl.how.sort()).toEqual(['JWT bearer', 'client credentials run-as'])
    expect(etl.flows.sort()).toEqual(['client_credentials', 'jwt_bearer'])
    expect(etl.grants).toBe(2)
  })

  it('filters by app (key or name), user (id or username) and active', async () => {
    expect((await grants(`?app=${encodeURIComponent(ORDER_SYNC)}`)).length).toBe(2)
    expect(
      (await grants(`?app=${nightly.consumerKey}`)).every((i) => i.app.name === NIGHTLY_ETL),
    ).toBe(true)
    expect((await grants('?user=sam@acme.test')).map((i) => i.app.name)).toEqual([ORDER_SYNC])
    expect(await grants('?active=false')).toEqual([])
    const bad = await admin(gh, 'GET', '/grants?active=maybe')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('expected true or false')
  })
})

describe('revoking', () => {
  it('ends a jsforce connection: the API refuses the token and the refresh fails as on Salesforce', async () => {
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: orderSync.consumerKey,
        clientSecret: orderSync.consumerSecret,
        redirectUri: orderSync.callbackUrls[0],
      },
      instanceUrl: gh.baseUrl,
      accessToken: web.access_token,
      refreshToken: web.refresh_token,
      version: '62.0',
    })
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBeGreaterThan(0)

    const ada = find(await grants(), ORDER_SYNC, 'ada@acme.test')!
    const revoked = await admin(gh, 'DELETE', `/grants/${ada.id}`)
    expect(revoked.status).toBe(204)

    const rest = await gh.fetch('/services/data/v62.0/limits', {
      headers: { authorization: `Bearer ${web.access_token}` },
    })
    expect(rest.status).toBe(401)
    expect(await rest.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ])
    // jsforce sees INVALID_SESSION_ID, refreshes on its own, and the refresh is refused.
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({
      message: 'Unable to refresh session due to: expired access/refresh token',
    })
    await expect(conn.oauth2.refreshToken(web.refresh_token!)).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'expired access/refresh token',
    })

    const after = find(await grants(), ORDER_SYNC, 'ada@acme.test')!
    expect(after).toMatchObject({
      active: false,
      consentedAt: null,
      refreshTokens: { live: 0 },
      accessTokens: { live: 0 },
    })
    const user = gh.engine.store.workspace.findUserByUsername('ada@acme.test')!
    expect(gh.engine.oauth.store.consentScopes(user.id, orderSync.consumerKey)).toBeUndefined()
  })

  it('records the revocation in Traffic, on the flow of the grant it ended', async () => {
    await gh.engine.recorder!.flush()
    const list = await admin(gh, 'GET', '/exchanges?limit=20')
    const revocation = list.body.items.find(
      (item: { method: string; url: string }) =>
        item.method === 'DELETE' && item.url.startsWith('/_gatehouse/api/grants/'),
    )
    expect(revocation).toMatchObject({
      status: 204,
      appName: ORDER_SYNC,
      username: 'ada@acme.test',
    })
    expect(webFlowId).not.toBeNull()
    expect(revocation.flowId).toBe(webFlowId)
    const detail = (await admin(gh, 'GET', `/exchanges/${revocation.id}`)).body
    expect(detail.steps.map((step: { name: string }) => step.name)).toEqual([
      'usage.revoke',
      'usage.consent',
    ])
    expect(detail.steps[0].detail).toMatch(
      /^ada@acme\.test's access to Order Sync revoked from OAuth usage: 1 grant\(s\) in force, 1 refresh token\(s\)/,
    )
    expect(detail.steps[1].detail).toContain('forgotten: the next login asks again')
  })

  it("says in the refused exchange's Why that the grant was revoked from OAuth usage", async () => {
    await gh.engine.recorder!.flush()
    const list = await admin(gh, 'GET', '/exchanges?endpoint=rest&status=401&limit=1')
    const detail = (await admin(gh, 'GET', `/exchanges/${list.body.items[0].id}`)).body
    const failed = detail.steps.find((step: { outcome: string }) => step.outcome === 'failed')
    expect(failed.detail).toMatch(/revoked at .*\(revoked from OAuth usage\)/)
  })

  it('revoke-all ends every user’s access to one app and leaves the others', async () => {
    const res = await admin(gh, 'POST', `/apps/${orderSync.consumerKey}/revoke-all`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ users: 2, grants: 2 })
    expect((await grants(`?app=${orderSync.consumerKey}&active=true`)).length).toBe(0)
    expect((await grants(`?app=${nightly.consumerKey}&active=true`)).length).toBe(1)
  })

  it('answers 404 for an id or app that names nothing', async () => {
    expect((await admin(gh, 'DELETE', '/grants/bm90LWEtcGFpcg')).status).toBe(404)
    expect((await admin(gh, 'POST', '/apps/3MVG9nope/revoke-all')).status).toBe(404)
  })
})
