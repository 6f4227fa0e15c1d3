import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import {
  BrowserClient,
  decideOnPage,
  pollDevice,
  requestDeviceCode,
  submitDecision,
} from './device-support'
import {
  DA,
  DS,
  DV,
  TOKEN,
  expectError,
  expectNoStore,
  part2Workspace,
  postForm,
  postMultipart,
} from './support'

/**
 * Salesforce's device flow as the Salesforce CLI runs it (reference §4.6): multipart
 * `response_type=device_code` at the token endpoint, the person approves on /setup/connect,
 * the CLI polls with multipart `grant_type=device&code=…` every `interval` seconds.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: part2Workspace() })
})
afterAll(async () => {
  await gh.close()
})

const SECOND = 1000

describe('device authorization request (response_type=device_code, multipart as the CLI sends it)', () => {
  it("answers Salesforce's four fields — no expires_in — and is never cached", async () => {
    const res = await postMultipart(gh, TOKEN, {
      client_id: DV.key,
      response_type: 'device_code',
      scope: 'refresh_token web api',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    expectNoStore(res)
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['device_code', 'user_code', 'verification_uri', 'interval'])
    expect(body.verification_uri).toBe(`${gh.baseUrl}/setup/connect`)
    expect(body.interval).toBe(5)
    // 8 letters of the unambiguous alphabet; a device code of 256 bits (case 38).
    expect(body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/)
    expect(body.device_code).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('takes a urlencoded body as well', async () => {
    const res = await postForm(gh, TOKEN, { client_id: DV.key, response_type: 'device_code' })
    expect(res.status).toBe(200)
    expect(Object.keys((await res.json()) as object)).toContain('user_code')
  })

  it('stores the codes as digests only', async () => {
    const issued = await requestDeviceCode(gh)
    const { createHash } = await import('node:crypto')
    const digest = createHash('sha256').update(issued.device_code).digest('hex')
    expect(gh.engine.oauth.device.findByDeviceCode(digest)?.app_key).toBe(DV.key)
    expect(gh.engine.oauth.device.findByDeviceCode(issued.device_code)).toBeUndefined()
  })

  it('an app without the device flow: invalid_grant / device flow is not enabled for the app', async () => {
    const res = await postMultipart(gh, TOKEN, { client_id: C1.key, response_type: 'device_code' })
    await expectError(res, 400, 'invalid_grant', 'device flow is not enabled for the app')
  })

  it('an unknown client: invalid_client_id / client identifier invalid', async () => {
    const res = await postMultipart(gh, TOKEN, { client_id: 'nope', response_type: 'device_code' })
    await expectError(res, 400, 'invalid_client_id', 'client identifier invalid')
  })

  it('a scope the app does not have: invalid_scope', async () => {
    const res = await postMultipart(gh, TOKEN, {
      client_id: DV.key,
      response_type: 'device_code',
      scope: 'api full',
    })
    await expectError(res, 400, 'invalid_scope', 'the requested scope is not allowed')
  })

  it('a wrong secret is never ignored: invalid_client', async () => {
    const res = await postMultipart(gh, TOKEN, {
      client_id: DV.key,
      client_secret: 'wrong',
      response_type: 'device_code',
    })
    await expectError(res, 400, 'invalid_client', 'invalid client credentials')
  })
})

describe('polling (grant_type=device, security case 39)', () => {
  it('authorization_pending before approval, slow_down when faster than the interval (+5 s each time)', async () => {
    const { device_code } = await requestDeviceCode(gh)
    // The CLI polls at once, then every `interval` seconds.
    await expectError(
      await pollDevice(gh, device_code),
      400,
      'authorization_pending',
      'authorization pending',
    )
    gh.clock.advance(2 * SECOND)
    await expectError(await pollDevice(gh, device_code), 400, 'slow_down', 'slow down')
    // The interval is now 10 s: 6 s is still too fast.
    gh.clock.advance(6 * SECOND)
    await expectError(await pollDevice(gh, device_code), 400, 'slow_down', 'slow down')
    // Now 15 s.
    gh.clock.advance(15 * SECOND)
    const pending = await pollDevice(gh, device_code)
    expectNoStore(pending)
    await expectError(pending, 400, 'authorization_pending', 'authorization pending')
  })

  it("after approval: Salesforce's success fields in its order; polling again is invalid_grant", async () => {
    const issued = await requestDeviceCode(gh)
    await expectError(
      await pollDevice(gh, issued.device_code),
      400,
      'authorization_pending',
      'authorization pending',
    )
    const done = await decideOnPage(gh, new BrowserClient(gh), issued.user_code, USERS.ada)
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Your device is connected')

    gh.clock.advance(5 * SECOND)
    const res = await pollDevice(gh, issued.device_code)
    expect(res.status).toBe(200)
    expectNoStore(res)
    const body = (await res.json()) as Record<string, string>
    expect(Object.keys(body)).toEqual([
      'access_token',
      'refresh_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ])
    expect(body.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(body.scope).toBe('refresh_token web api')
    expect(body.token_type).toBe('Bearer')
    expect(body.id).toMatch(new RegExp(`^${gh.baseUrl}/id/00D5g00000ABCDEFGH/005`))

    // The refresh token works (secretless: the app has "Require Secret for Refresh Token Flow" off).
    const refreshed = await postForm(gh, TOKEN, {
      grant_type: 'refresh_token',
      client_id: DV.key,
      refresh_token: body.refresh_token,
    })
    expect(refreshed.status).toBe(200)

    gh.clock.advance(5 * SECOND)
    await expectError(
      await pollDevice(gh, issued.device_code),
      400,
      'invalid_grant',
      'expired authorization code',
    )
  })

  it('no refresh token unless the scope allows one', async () => {
    const issued = await requestDeviceCode(gh, DV.key, 'api')
    await decideOnPage(gh, new BrowserClient(gh), issued.user_code, USERS.sam)
    const res = await pollDevice(gh, issued.device_code)
    const body = (await res.json()) as Record<string, string>
    expect(res.status).toBe(200)
    expect(body.refresh_token).toBeUndefined()
    expect(body.scope).toBe('api')
  })

  it('the user clicks Deny: access_denied / end-user denied authorization', async () => {
    const issued = await requestDeviceCode(gh)
    const done = await decideOnPage(gh, new BrowserClient(gh), issued.user_code, USERS.ada, 'deny')
    expect(await done.text()).toContain('Access denied')
    await expectError(
      await pollDevice(gh, issued.device_code),
      400,
      'access_denied',
      'end-user denied authorization',
    )
  })

  it('after expires_in (10 minutes): expired_token', async () => {
    const issued = await requestDeviceCode(gh)
    gh.clock.advance(601 * SECOND)
    await expectError(
      await pollDevice(gh, issued.device_code),
      400,
      'expired_token',
      'expired device code',
    )
  })

  it('an unknown device code, or another app’s: invalid_grant', async () => {
    await expectError(
      await pollDevice(gh, 'not-a-code'),
      400,
      'invalid_grant',
      'expired authorization code',
    )
    const other = await requestDeviceCode(gh, DA.key, 'api')
    await expectError(
      await pollDevice(gh, other.device_code, DV.key),
      400,
      'invalid_grant',
      'expired authorization code',
    )
  })

  it('no code parameter: invalid_request', async () => {
    const res = await postMultipart(gh, TOKEN, { client_id: DV.key, grant_type: 'device' })
    await expectError(res, 400, 'invalid_request', 'missing required parameter: code')
  })

  it('an app without the device flow: invalid_grant / device flow is not enabled for the app', async () => {
    const res = await postMultipart(gh, TOKEN, {
      client_id: C1.key,
      client_secret: C1.secret,
      grant_type: 'device',
      code: 'whatever',
    })
    await expectError(res, 400, 'invalid_grant', 'device flow is not enabled for the app')
  })

  it('"Require Secret for Refresh Token Flow" on: polling without the secret is invalid_client', async () => {
    const issued = await requestDeviceCode(gh, DS.key, 'api')
    await expectError(
      await pollDevice(gh, issued.device_code, DS.key),
      400,
      'invalid_client',
      'invalid client credentials',
    )
    await expectError(
      await pollDevice(gh, issued.device_code, DS.key, { client_secret: DS.secret }),
      400,
      'authorization_pending',
      'authorization pending',
    )
  })

  it('concurrent polls of an approved code: exactly one gets the tokens', async () => {
    const issued = await requestDeviceCode(gh)
    await decideOnPage(gh, new BrowserClient(gh), issued.user_code, USERS.ada)
    const results = await Promise.all(
      Array.from({ length: 10 }, () => pollDevice(gh, issued.device_code)),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    for (const res of results.filter((r) => r.status !== 200)) {
      expect(await res.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'expired authorization code',
      })
    }
  })

  it('an admin-approved app: a user who is not pre-authorized is refused, and the device hears access_denied', async () => {
    const issued = await requestDeviceCode(gh, DA.key, 'api')
    const refused = await submitDecision(gh, new BrowserClient(gh), issued.user_code, USERS.sam)
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('OAUTH_APP_ACCESS_DENIED')
    expect(html).toContain('user is not admin approved to access this app')
    await expectError(
      await pollDevice(gh, issued.device_code, DA.key),
      400,
      'access_denied',
      'end-user denied authorization',
    )

    const allowed = await requestDeviceCode(gh, DA.key, 'api')
    await decideOnPage(gh, new BrowserClient(gh), allowed.user_code, USERS.ada)
    expect((await pollDevice(gh, allowed.device_code, DA.key)).status).toBe(200)
  })
})
