import jsforce from 'jsforce'
import * as client from 'openid-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { issueTokens } from '../endpoints/support'
import { policyWorkspace } from './support'

/**
 * Every preset observed through a real client library, failing (or recovering) exactly as
 * the same failure from Salesforce makes that library behave: jsforce for the Salesforce
 * side, openid-client for standard OAuth. One rule at a time; each is removed afterwards.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: policyWorkspace() })
})
afterAll(async () => {
  await gh.close()
})
afterEach(() => {
  for (const rule of gh.engine.policy.faults.list()) gh.engine.policy.faults.remove(rule.id)
})

const VERSION = '62.0'
const fault = (rule: Record<string, unknown>) => gh.engine.policy.faults.add(rule)

function oauth2() {
  return new jsforce.OAuth2({
    loginUrl: gh.baseUrl,
    clientId: C1.key,
    clientSecret: C1.secret,
    redirectUri: C1.redirect,
  })
}

async function jsforceConnection(withRefresh = true) {
  const issued = await issueTokens(gh.engine, {
    app: C1.key,
    username: USERS.ada,
    scopes: ['api', 'refresh_token', 'openid', 'id'],
  })
  const conn = new jsforce.Connection({
    oauth2: withRefresh
      ? {
          loginUrl: gh.baseUrl,
          clientId: C1.key,
          clientSecret: C1.secret,
          redirectUri: C1.redirect,
        }
      : undefined,
    instanceUrl: gh.baseUrl,
    accessToken: issued.accessToken,
    refreshToken: withRefresh ? issued.refreshToken : undefined,
    version: VERSION,
  })
  return { conn, issued }
}

function openIdConfig(): Promise<client.Configuration> {
  return client.discovery(new URL(gh.baseUrl), C1.key, C1.secret, undefined, {
    execute: [client.allowInsecureRequests],
  })
}

describe('jsforce', () => {
  it('expired-access-token: jsforce refreshes on the 401 and the query succeeds', async () => {
    const { conn, issued } = await jsforceConnection()
    const refreshed: string[] = []
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken))
    fault({ when: { endpoint: 'rest', times: 1 }, then: { preset: 'expired-access-token' } })
    const result = await conn.query('SELECT Id FROM Account')
    expect(result.done).toBe(true)
    expect(refreshed).toHaveLength(1)
    expect(conn.accessToken).not.toBe(issued.accessToken)
  })

  it('expired-access-token without a refresh token: INVALID_SESSION_ID', async () => {
    const { conn } = await jsforceConnection(false)
    fault({ when: { endpoint: 'rest' }, then: { preset: 'expired-access-token' } })
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    })
  })

  it('revoked-refresh-token: OAuth2.refreshToken rejects with invalid_grant', async () => {
    const { issued } = await jsforceConnection()
    fault({ when: { endpoint: 'token' }, then: { preset: 'revoked-refresh-token' } })
    await expect(oauth2().refreshToken(issued.refreshToken!)).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'expired access/refresh token',
    })
  })

  it('revoked-refresh-token on an API call: the refresh jsforce tries fails too', async () => {
    const { conn } = await jsforceConnection()
    fault({ when: { endpoint: 'rest', times: 1 }, then: { preset: 'revoked-refresh-token' } })
    await expect(conn.query('SELECT Id FROM Account')).rejects.toThrow(
      'Unable to refresh session due to: expired access/refresh token',
    )
  })

  it('user-not-approved: the username-password login is refused', async () => {
    fault({ when: { grantType: 'password' }, then: { preset: 'user-not-approved' } })
    await expect(oauth2().authenticate(USERS.ada, PASSWORD)).rejects.toMatchObject({
      name: 'invalid_grant',
      message: "user hasn't approved this consumer",
    })
  })

  it('ip-restricted: Connection.login fails with Salesforce’s IP error', async () => {
    fault({ when: { user: USERS.ada }, then: { preset: 'ip-restricted' } })
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: C1.key,
        clientSecret: C1.secret,
        redirectUri: C1.redirect,
      },
      version: VERSION,
    })
    await expect(conn.login(USERS.ada, PASSWORD)).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'ip restricted or invalid login hours',
    })
  })

  it('ip-restricted on API calls: 401, and the refresh jsforce then tries is refused too', async () => {
    const { conn } = await jsforceConnection()
    fault({ when: { user: USERS.ada }, then: { preset: 'ip-restricted' } })
    await expect(conn.query('SELECT Id FROM Account')).rejects.toThrow(
      'Unable to refresh session due to: ip restricted or invalid login hours',
    )
  })

  it('api-limit-exceeded: REQUEST_LIMIT_EXCEEDED, no refresh', async () => {
    const { conn } = await jsforceConnection()
    let refreshed = false
    conn.on('refresh', () => (refreshed = true))
    fault({ when: { endpoint: 'rest' }, then: { preset: 'api-limit-exceeded' } })
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    })
    expect(refreshed).toBe(false)
  })

  it('login-rate-exceeded: the login is refused with rate_limit_exceeded', async () => {
    fault({ when: { endpoint: 'token' }, then: { preset: 'login-rate-exceeded' } })
    await expect(oauth2().authenticate(USERS.ada, PASSWORD)).rejects.toMatchObject({
      name: 'rate_limit_exceeded',
      message: 'number of logins exceeded',
    })
  })

  it('insufficient-scope: 401 that jsforce does not try to refresh', async () => {
    const { conn } = await jsforceConnection()
    let refreshed = false
    conn.on('refresh', () => (refreshed = true))
    fault({ when: { endpoint: 'rest' }, then: { preset: 'insufficient-scope' } })
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'This session is not valid for use with the REST API',
    })
    expect(refreshed).toBe(false)
  })

  it('server-unavailable: jsforce retries a 503 after a pause, and the query succeeds', async () => {
    const { conn } = await jsforceConnection()
    const rule = fault({
      when: { endpoint: 'rest', times: 1 },
      then: { preset: 'server-unavailable' },
    })
    const started = performance.now()
    expect((await conn.query('SELECT Id FROM Account')).done).toBe(true)
    expect(performance.now() - started).toBeGreaterThan(400)
    expect(gh.engine.policy.faults.get(rule.id)).toMatchObject({ fired: 1, remaining: 0 })
  })
})

describe('openid-client', () => {
  it('invalid-client-secret: the refresh is refused with invalid_client', async () => {
    const config = await openIdConfig()
    const { issued } = await jsforceConnection()
    fault({ when: { endpoint: 'token' }, then: { preset: 'invalid-client-secret' } })
    await expect(client.refreshTokenGrant(config, issued.refreshToken!)).rejects.toMatchObject({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('consent-denied: the callback carries access_denied, which the code grant refuses', async () => {
    const config = await openIdConfig()
    fault({ when: { endpoint: 'authorize' }, then: { preset: 'consent-denied' } })
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: C1.redirect,
      scope: 'api openid',
      state,
    })
    const res = await fetch(url, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const callback = new URL(res.headers.get('location')!)
    await expect(
      client.authorizationCodeGrant(config, callback, { expectedState: state }),
    ).rejects.toMatchObject({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
    })
  })

  it('user-not-approved at the authorization endpoint: OAUTH_APP_ACCESS_DENIED', async () => {
    const config = await openIdConfig()
    fault({ when: { endpoint: 'authorize' }, then: { preset: 'user-not-approved' } })
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: C1.redirect, state })
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    await expect(
      client.authorizationCodeGrant(config, callback, { expectedState: state }),
    ).rejects.toMatchObject({ error: 'OAUTH_APP_ACCESS_DENIED' })
  })

  it('server-unavailable: discovery fails with the 503', async () => {
    fault({ when: { endpoint: 'discovery' }, then: { preset: 'server-unavailable' } })
    await expect(openIdConfig()).rejects.toThrow(/503|unexpected HTTP response status code/i)
  })

  it('server-unavailable at the token endpoint: a 503 openid-client cannot parse as an error', async () => {
    const config = await openIdConfig()
    const { issued } = await jsforceConnection()
    fault({ when: { endpoint: 'token' }, then: { preset: 'server-unavailable' } })
    const failure = await client.refreshTokenGrant(config, issued.refreshToken!).catch((e) => e)
    expect(failure).toBeInstanceOf(Error)
    expect((failure as Error).message).toBe('unexpected HTTP response status code')
    const response = (failure as { cause: Response }).cause
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    expect(await response.json()).toEqual({
      error: 'service_unavailable',
      error_description: 'service temporarily unavailable',
    })
  })

  it('slow-token-endpoint: a client with a shorter timeout gives up; a patient one succeeds', async () => {
    const config = await openIdConfig()
    const { issued } = await jsforceConnection()
    fault({ when: { endpoint: 'token' }, then: { preset: 'slow-token-endpoint', latencyMs: 400 } })
    config.timeout = 0.1
    await expect(client.refreshTokenGrant(config, issued.refreshToken!)).rejects.toThrow(
      'operation timed out',
    )
    config.timeout = 5
    const tokens = await client.refreshTokenGrant(config, issued.refreshToken!)
    expect(tokens.access_token).toMatch(/^00D/)
  })

  it('expired-access-token: UserInfo answers 403, which openid-client reports', async () => {
    const config = await openIdConfig()
    const { issued } = await jsforceConnection()
    fault({ when: { endpoint: 'userinfo' }, then: { preset: 'expired-access-token' } })
    await expect(
      client.fetchUserInfo(config, issued.accessToken, client.skipSubjectCheck),
    ).rejects.toThrow()
    // The token itself was expired, not just the one answer.
    gh.engine.policy.faults.list().forEach((rule) => gh.engine.policy.faults.remove(rule.id))
    const auth = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(auth.status).toBe(403)
  })
})
