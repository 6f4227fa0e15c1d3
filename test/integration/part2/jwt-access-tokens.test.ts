import {
  SignJWT,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../src/core/tokens/random'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { ORG_ID, USERS } from '../../support/workspace'
import { issueCode, userId } from '../token/support'
import { JW, TOKEN, part2Workspace, postForm } from './support'

/**
 * JWT-based access tokens ("Issue JWT-based access tokens for named users", reference §2.3):
 * RS256 with Salesforce's header and claims, verifiable against /id/keys, accepted wherever
 * an access token is, revocable one by one or with their grant — and never stored.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: part2Workspace() })
})
afterAll(async () => {
  await gh.close()
})

interface Tokens {
  access_token: string
  refresh_token?: string
  id_token?: string
  id: string
}

/** The web server flow's code exchange for the JWT app (code stored as /authorize would). */
async function codeFlow(scopes = 'api refresh_token openid id'): Promise<Tokens> {
  const code = issueCode(gh.engine, {
    appKey: JW.key,
    username: USERS.ada,
    redirectUri: JW.redirect,
    scopes,
  })
  const res = await postForm(gh, TOKEN, {
    grant_type: 'authorization_code',
    code,
    client_id: JW.key,
    client_secret: JW.secret,
    redirect_uri: JW.redirect,
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Tokens
}

async function keySet() {
  return createLocalJWKSet((await (await gh.fetch('/id/keys')).json()) as JSONWebKeySet)
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

async function userinfoStatus(token: string): Promise<number> {
  return (await gh.fetch('/services/oauth2/userinfo', bearer(token))).status
}

async function introspect(token: string): Promise<Record<string, unknown>> {
  const res = await postForm(gh, '/services/oauth2/introspect', {
    token,
    client_id: JW.key,
    client_secret: JW.secret,
  })
  return (await res.json()) as Record<string, unknown>
}

describe('JWT access tokens', () => {
  it("carry Salesforce's header and claims, and verify with jose against /id/keys", async () => {
    const tokens = await codeFlow()
    const header = decodeProtectedHeader(tokens.access_token)
    expect(header).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: expect.stringMatching(/^CORE_ATJWT\.00D5g00000ABCDE\.\d{13}$/),
      tty: 'sfdc-core-token',
      tnk: `core/gatehouse/${ORG_ID}`,
      ver: '1.0',
    })
    const { payload } = await jwtVerify(tokens.access_token, await keySet(), {
      algorithms: ['RS256'],
      issuer: gh.baseUrl,
      audience: gh.baseUrl,
      currentDate: new Date(gh.clock.now()),
    })
    expect(Object.keys(payload)).toEqual([
      'scp',
      'aud',
      'sub',
      'nbf',
      'mty',
      'sfi',
      'roles',
      'iss',
      'hsc',
      'exp',
      'iat',
      'client_id',
      'jti',
    ])
    expect(payload).toMatchObject({
      scp: 'api refresh_token openid id',
      aud: [gh.baseUrl],
      sub: `uid:${userId(gh.engine, USERS.ada)}`,
      mty: 'oauth',
      roles: [],
      hsc: false,
      client_id: JW.key,
    })
    // The org session timeout (120 minutes) is the token's lifetime.
    expect(payload.exp! - payload.iat!).toBe(120 * 60)
    // No row is written per JWT access token (DESIGN.md performance notes).
    expect(gh.engine.oauth.store.findAccessToken(sha256Hex(tokens.access_token))).toBeUndefined()
  })

  it('are accepted by userinfo, the identity URL, introspection and the REST API', async () => {
    const tokens = await codeFlow()
    expect(await userinfoStatus(tokens.access_token)).toBe(200)
    expect((await gh.fetch(new URL(tokens.id).pathname, bearer(tokens.access_token))).status).toBe(
      200,
    )
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      client_id: JW.key,
      username: USERS.ada,
      token_type: 'access_token',
    })
    const rest = await gh.fetch('/services/data/v61.0/limits', bearer(tokens.access_token))
    expect(rest.status).toBe(200)
  })

  it('revoking one token kills that token only; its grant and the other tokens live on', async () => {
    const tokens = await codeFlow()
    const refreshed = await postForm(gh, TOKEN, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: JW.key,
      client_secret: JW.secret,
    })
    const second = ((await refreshed.json()) as Tokens).access_token
    const revoke = await postForm(gh, '/services/oauth2/revoke', { token: tokens.access_token })
    expect(revoke.status).toBe(200)
    expect(await userinfoStatus(tokens.access_token)).toBe(403)
    expect(await introspect(tokens.access_token)).toEqual({ active: false })
    expect(await userinfoStatus(second)).toBe(200)
    // Revoking twice: the token is already dead.
    const again = await postForm(gh, '/services/oauth2/revoke', { token: tokens.access_token })
    expect(again.status).toBe(400)
  })

  it('revoking the refresh token revokes every JWT of the grant', async () => {
    const tokens = await codeFlow()
    expect(await userinfoStatus(tokens.access_token)).toBe(200)
    const revoke = await postForm(gh, '/services/oauth2/revoke', { token: tokens.refresh_token })
    expect(revoke.status).toBe(200)
    expect(await userinfoStatus(tokens.access_token)).toBe(403)
    const rest = await gh.fetch('/services/data/v61.0/limits', bearer(tokens.access_token))
    expect(rest.status).toBe(401)
  })

  it('expire on the virtual clock', async () => {
    const tokens = await codeFlow()
    gh.clock.advance(121 * 60 * 1000)
    expect(await userinfoStatus(tokens.access_token)).toBe(403)
  })

  it('are refused when tampered with, forged, unsigned, or an id_token in disguise', async () => {
    const tokens = await codeFlow()
    const [h, p, s] = tokens.access_token.split('.') as [string, string, string]
    const claims = decodeJwt(tokens.access_token)
    const widened = Buffer.from(JSON.stringify({ ...claims, scp: 'api full' })).toString(
      'base64url',
    )
    expect(await userinfoStatus(`${h}.${widened}.${s}`)).toBe(403)

    const { privateKey } = await generateKeyPair('RS256')
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader(decodeProtectedHeader(tokens.access_token) as { alg: string })
      .sign(privateKey)
    expect(await userinfoStatus(forged)).toBe(403)

    const none = `${Buffer.from(JSON.stringify({ ...decodeProtectedHeader(tokens.access_token), alg: 'none' })).toString('base64url')}.${p}.`
    expect(await userinfoStatus(none)).toBe(403)

    // Signed by the same org key, but an id_token: not an access token.
    expect(tokens.id_token).toBeDefined()
    expect(await userinfoStatus(tokens.id_token!)).toBe(403)
  })

  it('issued before a key rotation still verify; new ones name the new key', async () => {
    const before = await codeFlow()
    gh.engine.oauth.keys.rotate()
    const after = await codeFlow()
    expect(decodeProtectedHeader(after.access_token).kid).not.toBe(
      decodeProtectedHeader(before.access_token).kid,
    )
    const keys = await keySet()
    const options = { algorithms: ['RS256'], currentDate: new Date(gh.clock.now()) }
    await expect(jwtVerify(before.access_token, keys, options)).resolves.toBeTruthy()
    await expect(jwtVerify(after.access_token, keys, options)).resolves.toBeTruthy()
    expect(await userinfoStatus(before.access_token)).toBe(200)
    expect(await userinfoStatus(after.access_token)).toBe(200)
  })
})
