import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { tokenSignature } from '../../../src/core/tokens/signature'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, CC, ORG_ID, P1, USERS, testWorkspace } from '../../support/workspace'
import { basic, expectError, postToken, userId, tokenBody } from './support'

/** Client credentials flow (reference §4.5; security case 40). */

function machineApp(tag: string, runAs: string, scopes: string[] = ['api']) {
  return {
    name: `Machine ${tag}`,
    key: `3MVG9${tag}.client.credentials.key`,
    secret: `${tag.toLowerCase()}-secret-0123456789abcdef0123456789abcdef`,
    runAs,
    scopes,
  }
}

const INACTIVE_USER = machineApp('INACTIVE', USERS.olga)
const NO_SCOPES = machineApp('NOSCOPE', USERS.integration, ['refresh_token', 'full', 'web'])

let gh: RunningGatehouse

beforeAll(async () => {
  const workspace = testWorkspace()
  for (const m of [INACTIVE_USER, NO_SCOPES]) {
    workspace.apps!.push({
      kind: 'externalClientApp',
      name: m.name,
      consumerKey: m.key,
      consumerSecret: m.secret,
      scopes: m.scopes as never,
      clientCredentials: { enabled: true, runAs: m.runAs },
    })
  }
  gh = await startGatehouse({ workspace })
})

afterAll(async () => {
  await gh.close()
})

const request = (
  fields: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
) =>
  postToken(
    gh,
    { grant_type: 'client_credentials', client_id: CC.key, client_secret: CC.secret, ...fields },
    headers,
  )

describe('success', () => {
  test('a token for the Run As user: signature and issued_at, no refresh token, no full/web/refresh scopes', async () => {
    const res = await request()
    expect(res.status).toBe(200)
    const body = await tokenBody(res)
    expect(Object.keys(body)).toEqual([
      'access_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ])
    expect(body.scope).toBe('api')
    expect(body.id).toBe(`${gh.baseUrl}/id/${ORG_ID}/${userId(gh.engine, USERS.integration)}`)
    expect(body.signature).toBe(tokenSignature(CC.secret, body.id, body.issued_at))
  })

  test('Basic client authentication (simple-salesforce, openid-client)', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'client_credentials' },
      { authorization: basic(CC.key, CC.secret) },
    )
    expect(res.status).toBe(200)
  })

  test('openid-client clientCredentialsGrant with client_secret_basic', async () => {
    const config = await oidc.discovery(
      new URL(gh.baseUrl),
      CC.key,
      CC.secret,
      oidc.ClientSecretBasic(CC.secret),
      {
        execute: [oidc.allowInsecureRequests],
      },
    )
    const tokens = await oidc.clientCredentialsGrant(config)
    expect(tokens.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(tokens.refresh_token).toBeUndefined()
    expect(tokens.scope).toBe('api')
  })

  test('a scope parameter may narrow but not widen', async () => {
    expect((await tokenBody(await request({ scope: 'api' }))).scope).toBe('api')
    await expectError(
      await request({ scope: 'api full' }),
      400,
      'invalid_scope',
      'the requested scope is not allowed',
    )
  })
})

describe('failures', () => {
  test('flow not enabled on the app', async () => {
    const res = await request({ client_id: C1.key, client_secret: C1.secret })
    await expectError(
      res,
      400,
      'invalid_grant',
      'client credentials flow is not enabled for the app',
    )
  })

  test('a client without its secret is invalid_client (a public client cannot use this flow)', async () => {
    await expectError(
      await request({ client_secret: undefined }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
    await expectError(
      await request({ client_id: P1.key, client_secret: undefined }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
  })

  test('a wrong secret is invalid_client', async () => {
    await expectError(
      await request({ client_secret: 'nope' }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
  })

  // The workspace schema already refuses a missing or unknown Run As user; an inactive one loads.
  test('an inactive Run As user is no client credentials user enabled', async () => {
    const res = await request({ client_id: INACTIVE_USER.key, client_secret: INACTIVE_USER.secret })
    await expectError(res, 400, 'invalid_grant', 'no client credentials user enabled')
  })

  test('no scope left after removing full, web and refresh_token', async () => {
    const res = await request({ client_id: NO_SCOPES.key, client_secret: NO_SCOPES.secret })
    await expectError(res, 400, 'invalid_grant', 'no valid scopes defined')
  })
})
