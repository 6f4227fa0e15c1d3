import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeScope } from '../../../src/core/oauth/pages/scope-descriptions'
import { SCOPE_NAMES } from '../../../src/core/workspace/scope-names'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { USERS } from '../../support/workspace'
import {
  BrowserClient,
  decideOnPage,
  fieldValue,
  logIn,
  pollDevice,
  requestDeviceCode,
} from './device-support'
import { CONNECT, DV, expectError, part2Workspace, postMultipart } from './support'

/**
 * The scope vocabulary (reference §7) across the part-2 flows: all of Salesforce's scopes are
 * known, described in plain words and advertised; omitted means the app's scopes;
 * refresh_token and offline_access are synonyms; full alone yields no refresh token; what a
 * scope grants decides what the token opens.
 */
const EVERYTHING = {
  kind: 'externalClientApp' as const,
  name: 'Every Scope',
  consumerKey: '3MVG9ALL.every.scope.consumer.key.for.tests',
  consumerSecret: 'all-secret-0123456789abcdef0123456789abcdef',
  scopes: [...SCOPE_NAMES],
  deviceFlow: { enabled: true },
  requireSecretForRefreshTokenFlow: false,
}
const OFFLINE = {
  kind: 'externalClientApp' as const,
  name: 'Offline Only',
  consumerKey: '3MVG9OFF.offline.access.consumer.key.tests',
  consumerSecret: 'off-secret-0123456789abcdef0123456789abcdef',
  scopes: [
    'api' as const,
    'offline_access' as const,
    'chatter_api' as const,
    'full' as const,
    'id' as const,
  ],
  deviceFlow: { enabled: true },
  requireSecretForRefreshTokenFlow: false,
}

let gh: RunningGatehouse

beforeAll(async () => {
  const workspace = part2Workspace()
  workspace.apps!.push(EVERYTHING, OFFLINE)
  gh = await startGatehouse({ workspace })
})
afterAll(async () => {
  await gh.close()
})

async function deviceTokens(clientId: string, scope?: string): Promise<Record<string, string>> {
  const issued = await requestDeviceCode(gh, clientId, scope)
  await decideOnPage(gh, new BrowserClient(gh), issued.user_code, USERS.ada)
  const res = await pollDevice(gh, issued.device_code, clientId)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, string>
}

describe('the scope vocabulary', () => {
  it('every scope of the reference has plain words on the consent page and is advertised in discovery', async () => {
    const doc = (await (await gh.fetch('/.well-known/openid-configuration')).json()) as {
      scopes_supported: string[]
    }
    expect(doc.scopes_supported).toEqual([...SCOPE_NAMES])
    for (const scope of SCOPE_NAMES) expect(describeScope(scope)).not.toContain('"')
  })

  it('omitted scope: every scope selected on the app, and the consent page lists them in words', async () => {
    const issued = await requestDeviceCode(gh, EVERYTHING.consumerKey, null)
    const client = new BrowserClient(gh)
    const page = await client.get(`${CONNECT}?user_code=${issued.user_code}`)
    const html = await (await logIn(gh, client, page, USERS.ada)).text()
    for (const text of [
      'Full access',
      'Manage Data Cloud data',
      'Access Salesforce hosted MCP servers',
    ]) {
      expect(html).toContain(text)
    }
    await client.post(`${CONNECT}/decision`, {
      csrf: fieldValue(html, 'csrf'),
      user_code: fieldValue(html, 'user_code'),
      decision: 'approve',
    })
    const body = (await (
      await pollDevice(gh, issued.device_code, EVERYTHING.consumerKey)
    ).json()) as Record<string, string>
    expect(body.scope).toBe(SCOPE_NAMES.join(' '))
    expect(body.refresh_token).toBeDefined()
  })

  it('refresh_token and offline_access are synonyms', async () => {
    // The app selected offline_access; the client asks for refresh_token.
    const body = await deviceTokens(OFFLINE.consumerKey, 'api refresh_token')
    expect(body.scope).toBe('api refresh_token')
    expect(body.refresh_token).toBeDefined()
  })

  it('full does not by itself yield a refresh token', async () => {
    const body = await deviceTokens(OFFLINE.consumerKey, 'full')
    expect(body.refresh_token).toBeUndefined()
  })

  it('a scope the app does not have is invalid_scope', async () => {
    const res = await postMultipart(gh, '/services/oauth2/token', {
      client_id: DV.key,
      response_type: 'device_code',
      scope: 'api wave_api',
    })
    await expectError(res, 400, 'invalid_scope', 'the requested scope is not allowed')
  })

  it('what a scope grants: chatter_api opens no REST API, id opens identity only, full opens both', async () => {
    const rest = (token: string) =>
      gh.fetch('/services/data/v61.0/limits', { headers: { authorization: `Bearer ${token}` } })
    const userinfo = (token: string) =>
      gh.fetch('/services/oauth2/userinfo', { headers: { authorization: `Bearer ${token}` } })

    const chatter = await deviceTokens(OFFLINE.consumerKey, 'chatter_api')
    const refused = await rest(chatter.access_token!)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual([
      {
        message: 'This session is not valid for use with the REST API',
        errorCode: 'INVALID_SESSION_ID',
      },
    ])
    expect((await userinfo(chatter.access_token!)).status).toBe(403)

    const id = await deviceTokens(OFFLINE.consumerKey, 'id')
    expect((await userinfo(id.access_token!)).status).toBe(200)
    expect((await rest(id.access_token!)).status).toBe(401)

    const full = await deviceTokens(OFFLINE.consumerKey, 'full')
    expect((await userinfo(full.access_token!)).status).toBe(200)
    expect((await rest(full.access_token!)).status).toBe(200)
  })
})
