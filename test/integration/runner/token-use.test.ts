import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run, RunStep } from '../../../src/shared/runner-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import {
  NIGHTLY_ETL,
  ORDER_SYNC,
  PARTNER_PORTAL,
  createRun,
  errorOf,
  failAt,
  jwtPayload,
  runToEnd,
  startDemo,
} from './support'

/** The flows that first get a token the app's way, then use it. */
let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

const SOURCE = ['authorize', 'login', 'continue', 'consent', 'token']
const on = (flow: string, options: Record<string, unknown> = {}) => ({
  flow,
  app: ORDER_SYNC,
  user: 'sam@acme.test',
  options,
})
const byName = (run: Run, name: string): RunStep => run.steps.find((s) => s.name === name)!
const json = (step: RunStep) => JSON.parse(step.response!.body) as Record<string, unknown>

describe('refresh', () => {
  it('runs to completion: the web-server flow first, then a new access token', async () => {
    const run = await runToEnd(gh, on('refresh'))
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => s.name)).toEqual([...SOURCE, 'refresh'])
    const token = byName(run, 'token')
    const refresh = byName(run, 'refresh')
    expect(refresh.request!.params).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: token.handsOn!.refresh_token,
    })
    expect(refresh.response!.status).toBe(200)
    expect(refresh.handsOn!.access_token).toBeTruthy()
    expect(refresh.handsOn!.access_token).not.toBe(token.handsOn!.access_token)
    // No rotation on Order Sync: no new refresh token.
    expect(json(refresh).refresh_token).toBeUndefined()
  })

  it('with rotation on (Partner Portal) a new refresh token comes back', async () => {
    const run = await runToEnd(gh, { ...on('refresh'), app: PARTNER_PORTAL, user: 'ada@acme.test' })
    expect(run.status).toBe('completed')
    const refresh = byName(run, 'refresh')
    expect(refresh.handsOn!.refresh_token).toBeTruthy()
    expect(refresh.handsOn!.refresh_token).not.toBe(byName(run, 'token').handsOn!.refresh_token)
  })

  it('a refresh token the org never issued: invalid_grant / expired access/refresh token', async () => {
    const { step, run } = await failAt(gh, on('refresh'), 'refresh', {
      params: { refresh_token: '5Aep861bogus' },
    })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    })
    expect(run.status).toBe('failed')
  })

  it('a wrong client secret: invalid_client / invalid client credentials', async () => {
    const { step } = await failAt(gh, on('refresh'), 'refresh', {
      params: { client_secret: 'wrong' },
    })
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('an app without the refresh_token scope is refused when the run is created', async () => {
    const created = await createRun(gh, { flow: 'refresh', app: NIGHTLY_ETL })
    expect(created.status).toBe(400)
    expect(created.body.issues[0]).toMatchObject({
      path: 'flow',
      message:
        'Nightly ETL does not allow the refresh flow: the app lacks the refresh_token scope (Perform requests at any time)',
    })
  })
})

describe('token exchange', () => {
  it('runs to completion: the access token traded for a new one for the same user', async () => {
    const run = await runToEnd(gh, on('token-exchange'))
    expect(run.status).toBe('completed')
    const exchange = byName(run, 'exchange')
    expect(exchange.request!.params.subject_token).toBe(byName(run, 'token').handsOn!.access_token)
    expect(exchange.response!.status).toBe(200)
    expect(exchange.handsOn!.access_token).toBeTruthy()
    expect(exchange.handsOn!.access_token).not.toBe(exchange.request!.params.subject_token)
    expect(exchange.handsOn!.issued_token_type).toBe(
      'urn:ietf:params:oauth:token-type:access_token',
    )
  })

  it('a subject token that is not one: invalid_request / invalid subject token', async () => {
    const { step } = await failAt(gh, on('token-exchange'), 'exchange', {
      params: { subject_token: 'bogus' },
    })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_request',
      error_description: 'invalid subject token',
    })
  })

  it('a wrong client secret: invalid_client / invalid client credentials', async () => {
    const { step } = await failAt(gh, on('token-exchange'), 'exchange', {
      params: { client_secret: 'wrong' },
    })
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('an app with token exchange off is refused when the run is created', async () => {
    const created = await createRun(gh, { ...on('token-exchange'), app: PARTNER_PORTAL })
    expect(created.status).toBe(400)
    expect(created.body.issues[0].message).toBe(
      'Partner Portal does not allow the token-exchange flow: the token exchange flow is off (Enable Token Exchange Flow)',
    )
  })
})

describe('asset token', () => {
  it('runs to completion: a signed asset token naming the device', async () => {
    const run = await runToEnd(gh, on('asset-token', { deviceId: 'kiosk-7', deviceName: 'Lobby' }))
    expect(run.status).toBe('completed')
    const step = byName(run, 'asset-token')
    expect(step.response!.status).toBe(200)
    const asset = step.handsOn!.access_token!
    expect(asset.split('.')).toHaveLength(3)
    expect(jwtPayload(asset)).toMatchObject({ did: 'kiosk-7', Name: 'Lobby' })
  })

  it('an actor token that is not a JWT: invalid_request / invalid actor token', async () => {
    const { step } = await failAt(gh, on('asset-token'), 'asset-token', {
      params: { actor_token: 'bogus' },
    })
    expect(errorOf(step)).toEqual({
      error: 'invalid_request',
      error_description: 'invalid actor token',
    })
  })
})

describe('revoke', () => {
  it('runs to completion: the grant is revoked, and its access token refused after', async () => {
    const run = await runToEnd(gh, on('revoke'))
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => s.name)).toEqual([...SOURCE, 'revoke', 'check'])
    const revoke = byName(run, 'revoke')
    expect(revoke.request!.params.token).toBe(byName(run, 'token').handsOn!.refresh_token)
    expect(revoke.response!.status).toBe(200)
    expect(revoke.response!.body).toBe('')
    const check = byName(run, 'check')
    expect(check.refusalExpected).toBe(true)
    expect(check.response!.status).toBe(403)
    expect(check.response!.body).toBe('Bad_OAuth_Token')
  })

  it('a token the org never issued: invalid_token / Token was invalid', async () => {
    const { step, run } = await failAt(gh, on('revoke'), 'revoke', { params: { token: 'bogus' } })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_token',
      error_description: 'Token was invalid',
    })
    expect(run.status).toBe('failed')
    expect(byName(run, 'check').status).toBe('pending')
  })
})

describe('introspect', () => {
  it('runs to completion: the token is active, for the run user', async () => {
    const run = await runToEnd(gh, on('introspect'))
    expect(run.status).toBe('completed')
    const step = byName(run, 'introspect')
    expect(step.response!.status).toBe(200)
    expect(json(step)).toMatchObject({
      active: true,
      username: 'sam@acme.test',
      client_id: run.appKey,
    })
  })

  it('a wrong client secret: 401 invalid_client / invalid client credentials', async () => {
    const { step } = await failAt(gh, on('introspect'), 'introspect', {
      params: { client_secret: 'wrong' },
    })
    expect(step.response!.status).toBe(401)
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('a token the org never issued: {"active":false}', async () => {
    const { step } = await failAt(gh, on('introspect'), 'introspect', {
      params: { token: 'bogus' },
    })
    expect(step.response!.status).toBe(200)
    expect(json(step)).toEqual({ active: false })
  })
})

describe.each([
  { flow: 'userinfo', step: 'userinfo', field: 'preferred_username' },
  { flow: 'identity', step: 'identity', field: 'username' },
])('$flow', ({ flow, step: name, field }) => {
  it("runs to completion: the user's claims for the run's access token", async () => {
    const run = await runToEnd(gh, on(flow))
    expect(run.status).toBe('completed')
    const step = byName(run, name)
    expect(step.request!.headers.authorization).toBe(
      `Bearer ${byName(run, 'token').handsOn!.access_token}`,
    )
    expect(step.response!.status).toBe(200)
    expect(json(step)[field]).toBe('sam@acme.test')
  })

  it('a bearer token that is not one: 403 Bad_OAuth_Token', async () => {
    const { step, run } = await failAt(gh, on(flow), name, {
      headers: { authorization: 'Bearer bogus' },
    })
    expect(step.response!.status).toBe(403)
    expect(step.response!.body).toBe('Bad_OAuth_Token')
    expect(run.status).toBe('failed')
  })
})

describe('rest-query', () => {
  it('runs to completion: a SOQL query with the access token', async () => {
    const run = await runToEnd(gh, on('rest-query', { soql: 'SELECT Id, Name FROM Account' }))
    expect(run.status).toBe('completed')
    const query = byName(run, 'query')
    expect(new URL(query.request!.url).pathname).toBe('/services/data/v62.0/query')
    expect(query.response!.status).toBe(200)
    const body = json(query) as { totalSize: number; records: Array<{ Name: string }> }
    expect(body.totalSize).toBeGreaterThan(0)
    expect(body.records.map((r) => r.Name)).toContain('Edge Communications')
  })

  it('with the token from another flow (options.via jwt-bearer on Nightly ETL)', async () => {
    const run = await runToEnd(gh, {
      flow: 'rest-query',
      app: NIGHTLY_ETL,
      user: 'integration@acme.test',
      options: { via: 'jwt-bearer' },
    })
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => s.name)).toEqual(['token', 'query'])
    expect(byName(run, 'query').response!.status).toBe(200)
  })

  it('with a token given (options.accessToken): the query alone', async () => {
    const first = await runToEnd(gh, on('username-password'))
    const token = first.steps[0]!.handsOn!.access_token!
    const run = await runToEnd(gh, on('rest-query', { accessToken: token }))
    expect(run.steps.map((s) => s.name)).toEqual(['query'])
    expect(run.steps[0]!.response!.status).toBe(200)
  })

  it('a bearer token that is not one: 401 INVALID_SESSION_ID', async () => {
    const { step } = await failAt(gh, on('rest-query'), 'query', {
      headers: { authorization: 'Bearer bogus' },
    })
    expect(step.response!.status).toBe(401)
    expect(json(step)).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ])
  })

  it('a token without the api scope: 401, not valid for use with the REST API', async () => {
    const { step } = await failAt(gh, on('rest-query', { scope: 'id refresh_token' }), 'query')
    expect(step.response!.status).toBe(401)
    expect(json(step)).toEqual([
      {
        message: 'This session is not valid for use with the REST API',
        errorCode: 'INVALID_SESSION_ID',
      },
    ])
  })

  it('a malformed query: 400 MALFORMED_QUERY', async () => {
    const { step } = await failAt(gh, on('rest-query'), 'query', {
      params: { q: 'SELEC nonsense' },
    })
    expect(step.response!.status).toBe(400)
    expect((json(step) as unknown as Array<{ errorCode: string }>)[0]!.errorCode).toBe(
      'MALFORMED_QUERY',
    )
  })
})
