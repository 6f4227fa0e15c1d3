import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
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

/** The grants with no browser: username-password, client credentials, JWT bearer. */
let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

const body = (step: { response?: { body: string } }) =>
  JSON.parse(step.response!.body) as Record<string, string>

describe('username-password', () => {
  const flow = { flow: 'username-password', app: ORDER_SYNC, user: 'sam@acme.test' }

  it("runs to completion: the user's own password for a token", async () => {
    const run = await runToEnd(gh, flow)
    expect(run.status).toBe('completed')
    const token = run.steps[0]!
    expect(token.request!.params).toMatchObject({
      grant_type: 'password',
      username: 'sam@acme.test',
    })
    expect(token.response!.status).toBe(200)
    expect(body(token).access_token).toBeTruthy()
    expect(body(token).refresh_token).toBeUndefined()
    const flowView = await admin(gh, 'GET', `/flows/${run.flowId}`)
    expect(flowView.body.kind).toBe('password')
  })

  it('a wrong password: invalid_grant / authentication failure', async () => {
    const { step, run } = await failAt(gh, flow, 'token', { params: { password: 'wrong' } })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'authentication failure',
    })
    expect(step.failedStep).toBe('password.verify')
    expect(run.status).toBe('failed')
  })

  it('a wrong client secret: invalid_client / invalid client credentials', async () => {
    const { step } = await failAt(gh, flow, 'token', { params: { client_secret: 'wrong' } })
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('an External Client App never allows it: the run is refused, the field named', async () => {
    const created = await createRun(gh, { ...flow, app: PARTNER_PORTAL })
    expect(created.status).toBe(400)
    expect(created.body.issues).toEqual([
      expect.objectContaining({
        path: 'flow',
        message:
          'Partner Portal does not allow the username-password flow: External Client Apps never allow the username-password flow',
      }),
    ])
  })
})

describe('client credentials', () => {
  const flow = { flow: 'client-credentials', app: NIGHTLY_ETL }

  it("runs to completion: a token for the app's run-as user, no refresh token", async () => {
    const run = await runToEnd(gh, flow)
    expect(run.status).toBe('completed')
    expect(run.user).toBeNull()
    const token = run.steps[0]!
    expect(token.response!.status).toBe(200)
    expect(body(token).access_token).toBeTruthy()
    expect(body(token).refresh_token).toBeUndefined()
    const flowView = await admin(gh, 'GET', `/flows/${run.flowId}`)
    expect(flowView.body.kind).toBe('client_credentials')
    expect(flowView.body.username).toBe('integration@acme.test')
  })

  it('with HTTP Basic instead of the body (basicAuth option)', async () => {
    const run = await runToEnd(gh, { ...flow, options: { basicAuth: true } })
    expect(run.status).toBe('completed')
    const token = run.steps[0]!
    expect(token.request!.params.client_secret).toBeUndefined()
    expect(token.request!.headers.authorization).toMatch(/^Basic /)
    expect(token.response!.status).toBe(200)
  })

  it('a wrong client secret: invalid_client / invalid client credentials', async () => {
    const { step } = await failAt(gh, flow, 'token', { params: { client_secret: 'wrong' } })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
    expect(step.failedStep).toBe('client.secret')
  })

  it('a scope the app lacks: invalid_scope / the requested scope is not allowed', async () => {
    const { step } = await failAt(gh, flow, 'token', { params: { scope: 'api refresh_token' } })
    expect(errorOf(step)).toEqual({
      error: 'invalid_scope',
      error_description: 'the requested scope is not allowed',
    })
  })

  it('an app without the flow is refused when the run is created, naming the setting', async () => {
    const created = await createRun(gh, { ...flow, app: ORDER_SYNC })
    expect(created.status).toBe(400)
    expect(created.body.issues[0].path).toBe('flow')
    expect(created.body.issues[0].message).toBe(
      'Order Sync does not allow the client-credentials flow: the client credentials flow is off (Enable Client Credentials Flow)',
    )
  })
})

describe('JWT bearer (signed with the demo key of Nightly ETL)', () => {
  const flow = { flow: 'jwt-bearer', app: NIGHTLY_ETL, user: 'integration@acme.test' }

  it('runs to completion: the assertion is signed and accepted', async () => {
    const run = await runToEnd(gh, flow)
    expect(run.status).toBe('completed')
    const token = run.steps[0]!
    expect(token.request!.claims).toMatchObject({
      iss: run.appKey,
      sub: 'integration@acme.test',
      aud: gh.baseUrl,
    })
    expect(jwtPayload(token.request!.params.assertion!)).toEqual(token.request!.claims)
    expect(token.response!.status).toBe(200)
    expect(body(token).access_token).toBeTruthy()
    expect(body(token).scope).toBe('api')
    // The trace checks the runner's signature against the app's certificate.
    const assertion = token.jwts!.find((jwt) => jwt.location === 'request.body.assertion')
    expect(assertion?.signature).toMatchObject({ status: 'valid', keySource: 'app_certificate' })
  })

  it('with no user named, the run signs for a user the app admits (its integration user)', async () => {
    const run = await runToEnd(gh, { flow: 'jwt-bearer', app: NIGHTLY_ETL })
    expect(run.user).toBe('integration@acme.test')
    expect(run.status).toBe('completed')
    expect(run.steps[0]!.request!.claims!.sub).toBe('integration@acme.test')
  })

  it("Salesforce's own login URL as audience is accepted too", async () => {
    const { step } = await failAt(gh, flow, 'token', {
      claims: { aud: 'https://login.salesforce.com' },
    })
    expect(step.response!.status).toBe(200)
    expect(step.outcome).toBe('ok')
  })

  it('an assertion with a wrong aud: invalid_grant / audience is invalid', async () => {
    const { step, run } = await failAt(gh, flow, 'token', {
      claims: { aud: 'https://example.com' },
    })
    expect(step.request!.claims!.aud).toBe('https://example.com')
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'audience is invalid',
    })
    expect(step.failedStep).toBe('assertion.audience')
    expect(run.status).toBe('failed')
  })

  it('an expired assertion: invalid_grant / invalid assertion', async () => {
    const { step } = await failAt(gh, flow, 'token', { claims: { exp: 1000 } })
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid assertion',
    })
    expect(step.failedStep).toBe('assertion.expiry')
  })

  it('an issuer that is no consumer key: invalid_client_id / client identifier invalid', async () => {
    const { step } = await failAt(gh, flow, 'token', { claims: { iss: 'not-a-key' } })
    expect(errorOf(step)).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    })
  })

  it('a subject the app is not approved for: invalid_app_access', async () => {
    const { step } = await failAt(gh, flow, 'token', { claims: { sub: 'ada@acme.test' } })
    expect(errorOf(step)).toEqual({
      error: 'invalid_app_access',
      error_description: 'user is not admin approved to access this app',
    })
  })

  it('an app without a certificate is refused when the run is created', async () => {
    const created = await createRun(gh, { ...flow, app: ORDER_SYNC })
    expect(created.status).toBe(400)
    expect(created.body.issues[0]).toMatchObject({
      path: 'flow',
      message:
        'Order Sync does not allow the jwt-bearer flow: the app has no certificate (Use digital signatures)',
    })
  })
})
