import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DevicePollGate } from '../../support/device-poll-gate'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { USERS } from '../../support/workspace'
import { BrowserClient, decideOnPage } from './device-support'
import {
  DEVICE_AUTHORIZE,
  DS,
  DV,
  TOKEN,
  expectError,
  expectNoStore,
  part2Workspace,
  postForm,
} from './support'

/**
 * RFC 8628's shape of the device flow: the device authorization endpoint from discovery,
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code`, verification_uri_complete and
 * expires_in — by raw HTTP, and with openid-client's own device functions (the page driven
 * over HTTP here; in Chromium in test/e2e/device-flow.test.ts).
 */
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: part2Workspace() })
})
afterAll(async () => {
  await gh.close()
})

interface RfcResponse {
  device_code: string
  user_code: string
  verification_uri: string
  verification_uri_complete: string
  expires_in: number
  interval: number
}

async function authorize(fields: Record<string, string> = {}): Promise<RfcResponse> {
  const res = await postForm(gh, DEVICE_AUTHORIZE, {
    client_id: DV.key,
    scope: 'api refresh_token',
    ...fields,
  })
  expect(res.status).toBe(200)
  return (await res.json()) as RfcResponse
}

const poll = (deviceCode: string, extra: Record<string, string> = {}) =>
  postForm(gh, TOKEN, {
    grant_type: DEVICE_GRANT,
    client_id: DV.key,
    device_code: deviceCode,
    ...extra,
  })

describe('POST /services/oauth2/device/authorize (RFC 8628 §3.1)', () => {
  it('answers the RFC fields: a dashed user code, verification_uri_complete, expires_in 600', async () => {
    const res = await postForm(gh, DEVICE_AUTHORIZE, { client_id: DV.key, scope: 'api' })
    expect(res.status).toBe(200)
    expectNoStore(res)
    const body = (await res.json()) as RfcResponse
    expect(Object.keys(body)).toEqual([
      'device_code',
      'user_code',
      'verification_uri',
      'verification_uri_complete',
      'expires_in',
      'interval',
    ])
    expect(body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/)
    expect(body.verification_uri).toBe(`${gh.baseUrl}/setup/connect`)
    expect(body.verification_uri_complete).toBe(
      `${gh.baseUrl}/setup/connect?user_code=${body.user_code}`,
    )
    expect(body.expires_in).toBe(600)
    expect(body.interval).toBe(5)
  })

  it('refuses what the token endpoint refuses, in the same words', async () => {
    await expectError(
      await postForm(gh, DEVICE_AUTHORIZE, { client_id: 'nope' }),
      400,
      'invalid_client_id',
      'client identifier invalid',
    )
    await expectError(
      await postForm(gh, DEVICE_AUTHORIZE, {
        client_id: '3MVG9C1.confidential.one.consumer.key.for.tests',
      }),
      400,
      'invalid_grant',
      'device flow is not enabled for the app',
    )
    const json = await gh.fetch(DEVICE_AUTHORIZE, {
      method: 'POST',
      body: JSON.stringify({ client_id: DV.key }),
      headers: { 'content-type': 'application/json' },
    })
    expect(json.status).toBe(400)
  })
})

describe('polling with the RFC grant (security case 39)', () => {
  it('pending, slow_down, success after approval on verification_uri_complete, then invalid_grant', async () => {
    const issued = await authorize()
    await expectError(
      await poll(issued.device_code),
      400,
      'authorization_pending',
      'authorization pending',
    )
    gh.clock.advance(1000)
    await expectError(await poll(issued.device_code), 400, 'slow_down', 'slow down')

    await decideOnPage(gh, new BrowserClient(gh), issued.user_code, USERS.ada)
    gh.clock.advance(10_000)
    const res = await poll(issued.device_code)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, string>
    expect(body.token_type).toBe('Bearer')
    expect(body.refresh_token).toBeDefined()
    await expectError(
      await poll(issued.device_code),
      400,
      'invalid_grant',
      'expired authorization code',
    )
  })

  it('expired_token after expires_in; access_denied after Deny', async () => {
    const late = await authorize()
    gh.clock.advance(600_000)
    await expectError(await poll(late.device_code), 400, 'expired_token', 'expired device code')

    const denied = await authorize()
    await decideOnPage(gh, new BrowserClient(gh), denied.user_code, USERS.ada, 'deny')
    await expectError(
      await poll(denied.device_code),
      400,
      'access_denied',
      'end-user denied authorization',
    )
  })

  it('a code from the Salesforce-shaped request polls with the RFC grant too (and vice versa)', async () => {
    const res = await postForm(gh, TOKEN, { client_id: DV.key, response_type: 'device_code' })
    const { device_code } = (await res.json()) as { device_code: string }
    await expectError(
      await poll(device_code),
      400,
      'authorization_pending',
      'authorization pending',
    )
    const rfc = await authorize()
    const salesforcePoll = await postForm(gh, TOKEN, {
      grant_type: 'device',
      client_id: DV.key,
      code: rfc.device_code,
    })
    await expectError(salesforcePoll, 400, 'authorization_pending', 'authorization pending')
  })
})

describe("openid-client's device functions, unchanged", () => {
  it('initiateDeviceAuthorization + pollDeviceAuthorizationGrant against discovery', async () => {
    const gate = new DevicePollGate(gh.clock)
    const config = await client.discovery(new URL(gh.baseUrl), DV.key, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    })
    expect(config.serverMetadata().device_authorization_endpoint).toBe(
      `${gh.baseUrl}${DEVICE_AUTHORIZE}`,
    )
    config[client.customFetch] = gate.fetch

    const response = await client.initiateDeviceAuthorization(config, {
      scope: 'api refresh_token id',
    })
    expect(response.verification_uri_complete).toContain(response.user_code)
    expect(response.expires_in).toBe(600)

    // openid-client waits `interval` real seconds between polls; the gate plays that on the virtual clock.
    const tokens = client.pollDeviceAuthorizationGrant(config, { ...response, interval: 0 })
    await gate.release()
    await gate.release()
    await decideOnPage(gh, new BrowserClient(gh), response.user_code, USERS.sam)
    await gate.release()
    const result = await tokens
    expect(gate.polls).toBe(3)
    expect(result.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(result.refresh_token).toBeDefined()
    expect(result.scope).toBe('api refresh_token id')

    const userinfo = await client.fetchUserInfo(
      config,
      result.access_token,
      client.skipSubjectCheck,
    )
    expect(userinfo.preferred_username).toBe(USERS.sam)
  })

  it('a confidential client authenticates its polls (client_secret_post)', async () => {
    const gate = new DevicePollGate(gh.clock)
    const config = await client.discovery(
      new URL(gh.baseUrl),
      DS.key,
      DS.secret,
      client.ClientSecretPost(DS.secret),
      {
        execute: [client.allowInsecureRequests],
      },
    )
    config[client.customFetch] = gate.fetch
    const response = await client.initiateDeviceAuthorization(config, { scope: 'api' })
    const tokens = client.pollDeviceAuthorizationGrant(config, { ...response, interval: 0 })
    await decideOnPage(gh, new BrowserClient(gh), response.user_code, USERS.ada)
    await gate.release()
    expect((await tokens).scope).toBe('api')
  })

  it('a denial reaches the client as access_denied', async () => {
    const gate = new DevicePollGate(gh.clock)
    const config = await client.discovery(new URL(gh.baseUrl), DV.key, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    })
    config[client.customFetch] = gate.fetch
    const response = await client.initiateDeviceAuthorization(config, { scope: 'api' })
    const tokens = client.pollDeviceAuthorizationGrant(config, { ...response, interval: 0 })
    const outcome = tokens.catch((err: unknown) => err)
    await decideOnPage(gh, new BrowserClient(gh), response.user_code, USERS.ada, 'deny')
    await gate.release()
    const err = (await outcome) as { error?: string; error_description?: string }
    expect(err).toMatchObject({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
    })
  })
})
