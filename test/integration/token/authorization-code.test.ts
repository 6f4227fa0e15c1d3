import { decodeJwt, decodeProtectedHeader } from 'jose'
import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { tokenSignature } from '../../../src/core/tokens/signature'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, ORG_ID, P1, USERS, testWorkspace } from '../../support/workspace'
import {
  basic,
  expectError,
  introspectAccess,
  introspectRefresh,
  issueCode,
  pkcePair,
  postToken,
  userId,
  type CodeOptions,
  tokenBody,
} from './support'

/** Web server flow: code exchange, PKCE, and security cases 13–19 and 21. */

let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: testWorkspace() })
})

afterAll(async () => {
  await gh.close()
})

const c1Code = (extra: Partial<CodeOptions> = {}) =>
  issueCode(gh.engine, {
    appKey: C1.key,
    username: USERS.ada,
    redirectUri: C1.redirect,
    scopes: 'api refresh_token openid',
    ...extra,
  })

const exchange = (code: string, extra: Record<string, string | undefined> = {}) =>
  postToken(gh, {
    grant_type: 'authorization_code',
    code,
    client_id: C1.key,
    client_secret: C1.secret,
    redirect_uri: C1.redirect,
    ...extra,
  })

describe('success', () => {
  test('returns Salesforce’s fields in Salesforce’s order, with a valid signature', async () => {
    const res = await exchange(c1Code({ nonce: 'n-0S6_WzA2Mj' }))
    expect(res.status).toBe(200)
    const body = await tokenBody(res)
    expect(Object.keys(body)).toEqual([
      'access_token',
      'refresh_token',
      'signature',
      'scope',
      'id_token',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ])
    expect(body.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(body.refresh_token).toMatch(/^[a-zA-Z0-9._-]+$/)
    expect(body.scope).toBe('api refresh_token openid')
    expect(body.instance_url).toBe(gh.baseUrl)
    expect(body.id).toBe(`${gh.baseUrl}/id/${ORG_ID}/${userId(gh.engine, USERS.ada)}`)
    expect(body.token_type).toBe('Bearer')
    expect(body.issued_at).toMatch(/^\d{13}$/)
    expect(body.signature).toBe(tokenSignature(C1.secret, body.id, body.issued_at))

    const claims = decodeJwt(body.id_token)
    expect(decodeProtectedHeader(body.id_token).alg).toBe('RS256')
    expect(claims).toMatchObject({
      iss: gh.baseUrl,
      aud: C1.key,
      sub: body.id,
      nonce: 'n-0S6_WzA2Mj',
    })
    expect(claims.at_hash).toBeTypeOf('string')
  })

  test('no refresh_token unless refresh_token/offline_access was granted; no id_token without openid', async () => {
    const res = await exchange(c1Code({ scopes: 'api id' }))
    const body = await tokenBody(res)
    expect(body.refresh_token).toBeUndefined()
    expect(body.id_token).toBeUndefined()
    expect(body.scope).toBe('api id')
  })

  test('offline_access yields a refresh token too', async () => {
    const body = await tokenBody(await exchange(c1Code({ scopes: 'api offline_access' })))
    expect(body.refresh_token).toBeTypeOf('string')
  })

  test('Basic client authentication works on the code exchange', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'authorization_code', code: c1Code(), redirect_uri: C1.redirect },
      { authorization: basic(C1.key, C1.secret) },
    )
    expect(res.status).toBe(200)
  })

  test('jsforce conn.authorize(code) completes the web server flow', async () => {
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: C1.key,
        clientSecret: C1.secret,
        redirectUri: C1.redirect,
      },
    })
    const info = await conn.authorize(c1Code())
    expect(info.organizationId).toBe(ORG_ID)
    expect(info.id).toBe(userId(gh.engine, USERS.ada))
    expect(conn.accessToken).toMatch(/^00D5g00000ABCDE!/)
    expect(conn.refreshToken).toBeTypeOf('string')
    expect(conn.instanceUrl).toBe(gh.baseUrl)
  })
})

describe('client secret', () => {
  test('a confidential app without its secret is invalid_client', async () => {
    const res = await exchange(c1Code(), { client_secret: undefined })
    await expectError(res, 400, 'invalid_client', 'invalid client credentials')
  })

  test('a wrong secret is invalid_client', async () => {
    const res = await exchange(c1Code(), { client_secret: 'wrong' })
    await expectError(res, 400, 'invalid_client', 'invalid client credentials')
  })

  test('a public app (Require Secret for Web Server Flow off) needs no secret, but a wrong one still fails', async () => {
    const { verifier, challenge } = pkcePair()
    const code = issueCode(gh.engine, {
      appKey: P1.key,
      username: USERS.sam,
      redirectUri: P1.redirect,
      scopes: 'api refresh_token',
      challenge,
    })
    const base = {
      grant_type: 'authorization_code',
      code,
      client_id: P1.key,
      redirect_uri: P1.redirect,
      code_verifier: verifier,
    }
    await expectError(
      await postToken(gh, { ...base, client_secret: 'wrong' }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
    const res = await postToken(gh, base)
    expect(res.status).toBe(200)
    const body = await tokenBody(res)
    expect(body.refresh_token).toBeTypeOf('string')
    expect(body.signature).toBe(tokenSignature(P1.secret, body.id, body.issued_at))
  })
})

describe('single use (security cases 13, 14, 17)', () => {
  test('a second redemption fails and revokes everything the first one issued', async () => {
    const code = c1Code()
    const first = await tokenBody(await exchange(code))
    expect(introspectAccess(gh.engine, first.access_token)?.revoked_at).toBeNull()

    await expectError(await exchange(code), 400, 'invalid_grant', 'expired authorization code')

    expect(introspectAccess(gh.engine, first.access_token)?.revoked_at).not.toBeNull()
    expect(introspectRefresh(gh.engine, first.refresh_token)?.revoked_at).not.toBeNull()
    const refresh = await postToken(gh, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: C1.key,
      client_secret: C1.secret,
    })
    await expectError(refresh, 400, 'invalid_grant', 'expired access/refresh token')
  })

  test('two concurrent redemptions: exactly one succeeds', async () => {
    const code = c1Code()
    const results = await Promise.all(Array.from({ length: 10 }, () => exchange(code)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
  })

  test('an unknown code is invalid_grant', async () => {
    await expectError(
      await exchange('aPrxnot-a-code=='),
      400,
      'invalid_grant',
      'expired authorization code',
    )
  })

  test('a missing code is invalid_request', async () => {
    await expectError(
      await exchange(''),
      400,
      'invalid_request',
      'missing required parameter: code',
    )
  })

  test('a code is dead one second after its 15 minutes', async () => {
    const code = c1Code()
    gh.clock.advance(15 * 60_000 + 1000)
    await expectError(await exchange(code), 400, 'invalid_grant', 'expired authorization code')
  })

  test('a code is still good just before it expires', async () => {
    const code = c1Code()
    gh.clock.advance(15 * 60_000 - 1000)
    expect((await exchange(code)).status).toBe(200)
  })
})

describe('binding (security cases 15, 16)', () => {
  test('a code issued to C1 and redeemed by C2 fails, and stays unusable afterwards', async () => {
    const code = c1Code()
    const byC2 = await postToken(gh, {
      grant_type: 'authorization_code',
      code,
      client_id: C2.key,
      client_secret: C2.secret,
      redirect_uri: C1.redirect,
    })
    await expectError(byC2, 400, 'invalid_grant', 'expired authorization code')
    await expectError(await exchange(code), 400, 'invalid_grant', 'expired authorization code')
  })

  test.each([
    ['a different registered redirect_uri', 'http://localhost:3000/oauth/callback'],
    ['a trailing slash', `${C1.redirect}/`],
    ['an added query', `${C1.redirect}?x=1`],
    ['different case', C1.redirect.replace('app.test', 'APP.test')],
    ['none', undefined],
  ])('redirect_uri: %s is invalid_grant', async (_label, redirectUri) => {
    const res = await exchange(c1Code(), { redirect_uri: redirectUri })
    await expectError(res, 400, 'invalid_grant', 'redirect_uri must match configuration')
  })
})

describe('PKCE (security cases 18, 19, 21)', () => {
  const withChallenge = (challenge: string, method?: string) =>
    issueCode(gh.engine, {
      appKey: P1.key,
      username: USERS.sam,
      redirectUri: P1.redirect,
      scopes: 'api',
      challenge,
      challengeMethod: method,
    })
  const exchangeP1 = (code: string, verifier: string | undefined) =>
    postToken(gh, {
      grant_type: 'authorization_code',
      code,
      client_id: P1.key,
      redirect_uri: P1.redirect,
      code_verifier: verifier,
    })

  test('the 171-character verifier jsforce and the CLI send is accepted', async () => {
    const { verifier, challenge } = pkcePair(171)
    expect(verifier).toHaveLength(171)
    expect((await exchangeP1(withChallenge(challenge), verifier)).status).toBe(200)
  })

  test('a 43-character verifier is accepted', async () => {
    const { verifier, challenge } = pkcePair(43)
    expect((await exchangeP1(withChallenge(challenge), verifier)).status).toBe(200)
  })

  test('a wrong verifier is invalid_request (Salesforce) and burns the code', async () => {
    const { verifier, challenge } = pkcePair()
    const code = withChallenge(challenge)
    await expectError(
      await exchangeP1(code, pkcePair().verifier),
      400,
      'invalid_request',
      'invalid code verifier',
    )
    await expectError(
      await exchangeP1(code, verifier),
      400,
      'invalid_grant',
      'expired authorization code',
    )
  })

  test('a missing verifier is invalid_grant', async () => {
    const { challenge } = pkcePair()
    await expectError(
      await exchangeP1(withChallenge(challenge), undefined),
      400,
      'invalid_grant',
      'invalid code verifier',
    )
  })

  test('a verifier for a code without a challenge is invalid_grant (downgrade)', async () => {
    const res = await exchange(c1Code(), { code_verifier: pkcePair().verifier })
    await expectError(res, 400, 'invalid_grant', 'invalid code verifier')
  })

  test.each([
    ['42 characters', 'a'.repeat(42)],
    ['257 characters', 'a'.repeat(257)],
    ['a +', `${'a'.repeat(50)}+`],
    ['a /', `${'a'.repeat(50)}/`],
  ])('a verifier with %s is invalid_grant', async (_label, verifier) => {
    const challenge = pkcePair().challenge
    await expectError(
      await exchangeP1(withChallenge(challenge), verifier),
      400,
      'invalid_grant',
      'invalid code verifier',
    )
  })

  test('a plain challenge stored by mistake is never honoured', async () => {
    const verifier = 'p'.repeat(50)
    await expectError(
      await exchangeP1(withChallenge(verifier, 'plain'), verifier),
      400,
      'invalid_grant',
      'invalid code verifier',
    )
  })

  test('an app that requires PKCE refuses a code that had no challenge', async () => {
    const code = issueCode(gh.engine, {
      appKey: P1.key,
      username: USERS.sam,
      redirectUri: P1.redirect,
      scopes: 'api',
    })
    await expectError(
      await exchangeP1(code, undefined),
      400,
      'invalid_grant',
      'invalid code verifier',
    )
  })
})

describe('user', () => {
  test('an inactive user gets invalid_grant / inactive user', async () => {
    const code = c1Code({ username: USERS.olga })
    await expectError(await exchange(code), 400, 'invalid_grant', 'inactive user')
  })
})
