import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
import {
  ORDER_SYNC,
  PARTNER_PORTAL,
  createRun,
  errorOf,
  failAt,
  runToEnd,
  startDemo,
} from './support'

let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

const STEPS = ['device-code', 'poll-pending', 'verify', 'login', 'continue', 'approve', 'poll']

describe.each([
  { flow: 'device', grant: 'device', codeParam: 'code', deviceEndpoint: '/services/oauth2/token' },
  {
    flow: 'device-rfc8628',
    grant: 'urn:ietf:params:oauth:grant-type:device_code',
    codeParam: 'device_code',
    deviceEndpoint: '/services/oauth2/device/authorize',
  },
])('the $flow flow', ({ flow, grant, codeParam, deviceEndpoint }) => {
  const run = (options: Record<string, unknown> = {}) => ({
    flow,
    app: ORDER_SYNC,
    user: 'sam@acme.test',
    options,
  })

  it('runs to completion: code, a pending poll, the user approves elsewhere, tokens', async () => {
    const done = await runToEnd(gh, run())
    expect(done.status).toBe('completed')
    expect(done.steps.map((s) => [s.name, s.status])).toEqual(STEPS.map((s) => [s, 'sent']))
    const [code, pending] = done.steps
    expect(new URL(code!.request!.url).pathname).toBe(deviceEndpoint)
    expect(code!.handsOn!.user_code).toBeTruthy()
    expect(code!.handsOn!.verification_uri).toBe(`${gh.baseUrl}/setup/connect`)
    // The refusal before approval is part of the lesson: the run goes on.
    expect(pending!.refusalExpected).toBe(true)
    expect(pending!.outcome).toBe('failed')
    expect(errorOf(pending!)).toEqual({
      error: 'authorization_pending',
      error_description: 'authorization pending',
    })
    const poll = done.steps.at(-1)!
    expect(poll.request!.params.grant_type).toBe(grant)
    expect(poll.request!.params[codeParam]).toBe(code!.handsOn!.device_code)
    // Order Sync requires the secret for the refresh token flow, which governs polling too.
    expect(poll.request!.params.client_secret).toBeTruthy()
    expect(poll.response!.status).toBe(200)
    expect(poll.handsOn!.access_token).toBeTruthy()
    expect(poll.handsOn!.refresh_token).toBeTruthy()
    const traced = await admin(gh, 'GET', `/flows/${done.flowId}`)
    expect(traced.body.kind).toBe('device')
    expect(traced.body.status).toBe('succeeded')
  })

  it('a poll with a wrong client secret: invalid_client / invalid client credentials', async () => {
    const { step, run: after } = await failAt(gh, run(), 'poll', {
      params: { client_secret: 'wrong' },
    })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
    expect(after.status).toBe('failed')
  })

  it('a poll with the secret left out (the app requires it): invalid_client', async () => {
    const { step } = await failAt(gh, run(), 'poll', { removeParams: ['client_secret'] })
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('a device code that was never issued: invalid_grant / expired authorization code', async () => {
    const { step } = await failAt(gh, run(), 'poll', { params: { [codeParam]: 'bogus' } })
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    })
  })

  it('the user denies the device: the next poll gets access_denied', async () => {
    const { step } = await failAt(gh, run({ decision: 'deny' }), 'poll')
    expect(errorOf(step)).toEqual({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
    })
  })

  it('a scope the app lacks: invalid_scope at once', async () => {
    const { step, run: after } = await failAt(gh, run(), 'device-code', {
      params: { scope: 'api full' },
    })
    expect(errorOf(step)).toEqual({
      error: 'invalid_scope',
      error_description: 'the requested scope is not allowed',
    })
    expect(after.status).toBe('failed')
    expect(after.next).toBeNull()
  })

  it('an app with the device flow off is refused when the run is created', async () => {
    const created = await createRun(gh, { ...run(), app: PARTNER_PORTAL })
    expect(created.status).toBe(400)
    expect(created.body.issues[0]).toMatchObject({
      path: 'flow',
      message: `Partner Portal does not allow the ${flow} flow: the device flow is off (Enable for Device Flow)`,
    })
  })
})
