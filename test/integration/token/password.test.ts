import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { tokenSignature } from '../../../src/core/tokens/signature'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, ORG_ID, P1, PASSWORD, USERS, testWorkspace } from '../../support/workspace'
import { basic, expectError, postToken, userId, tokenBody } from './support'

/** Username-password flow (reference §4.7) and its lockout (security case 28). */

const PWAA = {
  name: 'Password Admin Approved',
  key: '3MVG9PWAA.password.admin.approved.key',
  secret: 'pwaa-secret-0123456789abcdef0123456789abcdef',
}

let gh: RunningGatehouse

beforeAll(async () => {
  const workspace = testWorkspace()
  workspace.apps!.push({
    kind: 'connectedApp',
    name: PWAA.name,
    consumerKey: PWAA.key,
    consumerSecret: PWAA.secret,
    scopes: ['api'],
    usernamePassword: { enabled: true },
    policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['System Administrator'] },
  })
  gh = await startGatehouse({ workspace })
})

afterAll(async () => {
  await gh.close()
})

const signIn = (fields: Record<string, string | undefined>, headers: Record<string, string> = {}) =>
  postToken(
    gh,
    {
      grant_type: 'password',
      client_id: C1.key,
      client_secret: C1.secret,
      username: USERS.ada,
      password: PASSWORD,
      ...fields,
    },
    headers,
  )

const authFailure = (res: Response) =>
  expectError(res, 400, 'invalid_grant', 'authentication failure')

describe('success', () => {
  test('returns an access token with signature and issued_at, and no refresh token', async () => {
    const res = await signIn({})
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
    expect(body.id).toBe(`${gh.baseUrl}/id/${ORG_ID}/${userId(gh.engine, USERS.ada)}`)
    expect(body.signature).toBe(tokenSignature(C1.secret, body.id, body.issued_at))
  })

  test('jsforce conn.login(username, password) uses the OAuth password flow', async () => {
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: C1.key,
        clientSecret: C1.secret,
        redirectUri: C1.redirect,
      },
    })
    const info = await conn.login(USERS.ada, PASSWORD)
    expect(info.organizationId).toBe(ORG_ID)
    expect(info.id).toBe(userId(gh.engine, USERS.ada))
    expect(conn.accessToken).toMatch(/^00D5g00000ABCDE!/)
    expect(conn.instanceUrl).toBe(gh.baseUrl)
  })

  test('jsforce reports a failure as invalid_grant: authentication failure', async () => {
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: C1.key,
        clientSecret: C1.secret,
        redirectUri: C1.redirect,
      },
    })
    await expect(conn.login(USERS.sam, 'wrong')).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    })
  })

  test('Basic client authentication works', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'password', username: USERS.ada, password: PASSWORD },
      { authorization: basic(C1.key, C1.secret) },
    )
    expect(res.status).toBe(200)
  })
})

describe('every failure is authentication failure', () => {
  test('flow not enabled on the app (the default)', async () => {
    await authFailure(await signIn({ client_id: C2.key, client_secret: C2.secret }))
  })

  test('External Client Apps have no password flow', async () => {
    await authFailure(await signIn({ client_id: P1.key, client_secret: P1.secret }))
  })

  test('unknown user', async () => {
    await authFailure(await signIn({ username: 'nobody@acme.test' }))
  })

  test('wrong password', async () => {
    await authFailure(await signIn({ password: 'Passw0rd' }))
  })

  test('password with a security token appended (not modelled yet)', async () => {
    await authFailure(await signIn({ password: `${PASSWORD}AbCdEfGhIjKlMnOp` }))
  })

  test('inactive user, even with the right password', async () => {
    await authFailure(await signIn({ username: USERS.olga }))
  })

  test('user without a password', async () => {
    await authFailure(await signIn({ username: USERS.integration, password: 'anything' }))
  })

  test.each(['username', 'password'])('missing %s', async (name) => {
    await authFailure(await signIn({ [name]: undefined }))
  })

  test('admin-approved app, user not pre-authorized', async () => {
    await authFailure(
      await signIn({ client_id: PWAA.key, client_secret: PWAA.secret, username: USERS.sam }),
    )
    expect((await signIn({ client_id: PWAA.key, client_secret: PWAA.secret })).status).toBe(200)
  })
})

describe('client secret', () => {
  test('missing secret is invalid_client', async () => {
    await expectError(
      await signIn({ client_secret: undefined }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
  })

  test('wrong secret is invalid_client', async () => {
    await expectError(
      await signIn({ client_secret: 'nope' }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
  })
})

describe('lockout (security case 28)', () => {
  const MINUTE = 60_000

  test('10 wrong passwords lock the user for 15 minutes, with Retry-After; the body stays Salesforce’s', async () => {
    // Frozen, so Retry-After counts whole seconds exactly.
    gh.clock.freeze()
    onTestFinished(() => gh.clock.unfreeze())
    for (let i = 0; i < 10; i++)
      await authFailure(await signIn({ username: USERS.sam, password: `wrong-${i}` }))

    const locked = await signIn({ username: USERS.sam })
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60))
    await authFailure(locked)

    // Keyed by user: another client address changes nothing (security case 47).
    const forwarded = await signIn({ username: USERS.sam }, { 'x-forwarded-for': '203.0.113.9' })
    await authFailure(forwarded)

    // Other users are not affected.
    expect((await signIn({})).status).toBe(200)

    gh.clock.advance(10 * MINUTE)
    const later = await signIn({ username: USERS.sam })
    expect(later.headers.get('retry-after')).toBe(String(5 * 60))
    await authFailure(later)

    gh.clock.advance(5 * MINUTE)
    expect((await signIn({ username: USERS.sam })).status).toBe(200)
  })

  test('a success clears the count', async () => {
    for (let i = 0; i < 9; i++) await authFailure(await signIn({ password: 'wrong' }))
    expect((await signIn({})).status).toBe(200)
    for (let i = 0; i < 9; i++) await authFailure(await signIn({ password: 'wrong' }))
    expect((await signIn({})).status).toBe(200)
  })

  test('failures more than an hour apart do not add up', async () => {
    for (let i = 0; i < 9; i++) await authFailure(await signIn({ password: 'wrong' }))
    gh.clock.advance(61 * MINUTE)
    for (let i = 0; i < 9; i++) await authFailure(await signIn({ password: 'wrong' }))
    const res = await signIn({})
    expect(res.headers.get('retry-after')).toBeNull()
    expect(res.status).toBe(200)
  })
})
