import { createHmac } from 'node:crypto'
import {
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Issued } from '../../../src/core/tokens/issue'
import { createTestCertificate, type TestCertificate } from '../../support/certs'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { issueTokens } from '../endpoints/support'
import { userId } from '../token/support'
import { JW, TOKEN, TX, expectError, expectNoStore, part2Workspace, postForm } from './support'

/**
 * Token exchange (`urn:ietf:params:oauth:grant-type:token-exchange`, reference §4.8, security
 * case 40) and its asset-token variant ([D19]).
 */
const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const TYPE = {
  access: 'urn:ietf:params:oauth:token-type:access_token',
  refresh: 'urn:ietf:params:oauth:token-type:refresh_token',
  id: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  saml2: 'urn:ietf:params:oauth:token-type:saml2',
}

let gh: RunningGatehouse
let idp: TestCertificate

beforeAll(async () => {
  idp = await createTestCertificate('exchange-idp')
  gh = await startGatehouse({ workspace: part2Workspace({ certificate: idp.certificatePem }) })
})
afterAll(async () => {
  await gh.close()
})

function issue(
  app: string,
  scopes = ['api', 'refresh_token', 'openid', 'id'],
  username: string = USERS.ada,
): Promise<Issued> {
  return issueTokens(gh.engine, { app, username, scopes, idToken: scopes.includes('openid') })
}

function exchange(
  fields: Record<string, string | undefined>,
  client: { key: string; secret: string } = TX,
) {
  return postForm(gh, TOKEN, {
    grant_type: GRANT,
    client_id: client.key,
    client_secret: client.secret,
    ...fields,
  })
}

/** A JWT from the app's own identity provider, signed with the key of its certificate. */
function idpJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(gh.clock.now() / 1000)
  return new SignJWT({
    aud: gh.baseUrl,
    iss: 'https://idp.exchange.test',
    exp: now + 300,
    iat: now,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', ...header })
    .sign(idp.privateKey)
}

describe('token exchange: the happy paths', () => {
  it('an access token of the app: a new access token, in Salesforce’s fields plus issued_token_type', async () => {
    const subject = await issue(TX.key)
    const res = await exchange({
      subject_token: subject.accessToken,
      subject_token_type: TYPE.access,
      scope: 'api id refresh_token',
    })
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
      'issued_token_type',
    ])
    expect(body.scope).toBe('api id refresh_token')
    expect(body.issued_token_type).toBe(TYPE.access)
    expect(body.access_token).not.toBe(subject.accessToken)
    expect(body.id).toBe(subject.response.id)
    expect(body.signature).toBe(
      createHmac('sha256', TX.secret)
        .update(body.id! + body.issued_at!)
        .digest('base64'),
    )
    const userinfo = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(userinfo.status).toBe(200)
  })

  it('omitted scope: the subject token’s scopes', async () => {
    const subject = await issue(TX.key, ['api', 'id'])
    const body = (await (
      await exchange({ subject_token: subject.accessToken, subject_token_type: TYPE.access })
    ).json()) as Record<string, string>
    expect(body.scope).toBe('api id')
    expect(body.refresh_token).toBeUndefined()
  })

  it('a refresh token of the app', async () => {
    const subject = await issue(TX.key)
    const res = await exchange({
      subject_token: subject.refreshToken,
      subject_token_type: TYPE.refresh,
      scope: 'api',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Record<string, string>).scope).toBe('api')
  })

  it('an id_token the org issued to the app', async () => {
    const subject = await issue(TX.key)
    const res = await exchange({
      subject_token: subject.response.id_token,
      subject_token_type: TYPE.id,
      scope: 'api',
    })
    expect(res.status).toBe(200)
  })

  it('a JWT from the app’s identity provider, signed with its certificate: sub is a username or an identity URL', async () => {
    const byUsername = await idpJwt({ sub: USERS.sam })
    const res = await exchange({
      subject_token: byUsername,
      subject_token_type: TYPE.jwt,
      scope: 'api',
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, string>
    expect(body.id).toMatch(new RegExp(`/${userId(gh.engine, USERS.sam)}$`))

    const identity = `${gh.baseUrl}/id/00D5g00000ABCDEFGH/${userId(gh.engine, USERS.ada)}`
    const byIdentity = await idpJwt({ sub: identity })
    const again = await exchange({ subject_token: byIdentity, subject_token_type: TYPE.jwt })
    expect(again.status).toBe(200)
    expect(((await again.json()) as Record<string, string>).scope).toBe(
      'api refresh_token openid id',
    )
  })

  it('a JWT access token of the org (subject_token_type jwt), exchanged by its own app', async () => {
    const subject = await issue(JW.key, ['api', 'id'])
    expect(subject.accessToken.split('.')).toHaveLength(3)
    const res = await exchange(
      { subject_token: subject.accessToken, subject_token_type: TYPE.jwt, scope: 'api' },
      JW,
    )
    expect(res.status).toBe(200)
  })
})

describe('token exchange: each refusal (security case 40)', () => {
  it('an app without token exchange: invalid_grant', async () => {
    const subject = await issue(C1.key)
    await expectError(
      await exchange({ subject_token: subject.accessToken, subject_token_type: TYPE.access }, C1),
      400,
      'invalid_grant',
      'token exchange flow is not enabled for the app',
    )
  })

  it('an expired subject token: invalid_request', async () => {
    const subject = await issue(TX.key)
    gh.clock.advance(121 * 60 * 1000)
    await expectError(
      await exchange({ subject_token: subject.accessToken, subject_token_type: TYPE.access }),
      400,
      'invalid_request',
      'invalid subject token',
    )
  })

  it('a revoked subject token: invalid_request', async () => {
    const subject = await issue(TX.key)
    await postForm(gh, '/services/oauth2/revoke', { token: subject.refreshToken })
    for (const [token, type] of [
      [subject.accessToken, TYPE.access],
      [subject.refreshToken, TYPE.refresh],
    ] as const) {
      await expectError(
        await exchange({ subject_token: token, subject_token_type: type }),
        400,
        'invalid_request',
        'invalid subject token',
      )
    }
  })

  it('a foreign subject token (another app’s), or garbage: invalid_request', async () => {
    const foreign = await issue(C1.key)
    for (const [token, type] of [
      [foreign.accessToken, TYPE.access],
      [foreign.response.id_token!, TYPE.id],
      ['garbage', TYPE.access],
      ['garbage', TYPE.jwt],
    ] as const) {
      await expectError(
        await exchange({ subject_token: token, subject_token_type: type }),
        400,
        'invalid_request',
        'invalid subject token',
      )
    }
  })

  it('JWTs that do not verify: wrong alg, none, expired, wrong audience, jku header, unknown user', async () => {
    const { privateKey: otherKey } = await generateKeyPair('RS256')
    const now = Math.floor(gh.clock.now() / 1000)
    const hs256 = await new SignJWT({ sub: USERS.ada, aud: gh.baseUrl, exp: now + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(idp.certificatePem))
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: USERS.ada, aud: gh.baseUrl, exp: now + 60 })).toString('base64url')}.`
    const wrongKey = await new SignJWT({ sub: USERS.ada, aud: gh.baseUrl, exp: now + 60 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(otherKey)
    const tokens = [
      hs256,
      unsigned,
      wrongKey,
      await idpJwt({ sub: USERS.ada, exp: now - 3600 }),
      await idpJwt({ sub: USERS.ada, aud: 'https://elsewhere.test' }),
      await idpJwt({ sub: USERS.ada }, { jku: 'https://evil.example/jwks' }),
      await idpJwt({ sub: 'nobody@acme.test' }),
    ]
    for (const token of tokens) {
      await expectError(
        await exchange({ subject_token: token, subject_token_type: TYPE.jwt }),
        400,
        'invalid_request',
        'invalid subject token',
      )
    }
  })

  it('a wider scope: invalid_scope', async () => {
    const subject = await issue(TX.key, ['api'])
    await expectError(
      await exchange({
        subject_token: subject.accessToken,
        subject_token_type: TYPE.access,
        scope: 'api refresh_token',
      }),
      400,
      'invalid_scope',
      'the requested scope is not allowed',
    )
  })

  it('an audience that is not this org: invalid_target', async () => {
    const subject = await issue(TX.key)
    await expectError(
      await exchange({
        subject_token: subject.accessToken,
        subject_token_type: TYPE.access,
        audience: 'https://other.example',
      }),
      400,
      'invalid_target',
      'the requested audience is not allowed',
    )
    const ok = await exchange({
      subject_token: subject.accessToken,
      subject_token_type: TYPE.access,
      audience: gh.baseUrl,
    })
    expect(ok.status).toBe(200)
  })

  it('client authentication: a wrong or missing secret is invalid_client; no client_id is invalid_client_id', async () => {
    const subject = await issue(TX.key)
    const fields = { subject_token: subject.accessToken, subject_token_type: TYPE.access }
    await expectError(
      await exchange(fields, { key: TX.key, secret: 'wrong' }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
    await expectError(
      await postForm(gh, TOKEN, { grant_type: GRANT, client_id: TX.key, ...fields }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
    await expectError(
      await postForm(gh, TOKEN, { grant_type: GRANT, ...fields }),
      400,
      'invalid_client_id',
      'client identifier invalid',
    )
  })

  it('request shape: missing subject_token, unsupported types', async () => {
    await expectError(
      await exchange({ subject_token_type: TYPE.access }),
      400,
      'invalid_request',
      'missing required parameter: subject_token',
    )
    await expectError(
      await exchange({ subject_token: 'x', subject_token_type: TYPE.saml2 }),
      400,
      'unsupported_token_type',
      'Token type not supported',
    )
    const subject = await issue(TX.key)
    await expectError(
      await exchange({
        subject_token: subject.accessToken,
        subject_token_type: TYPE.access,
        requested_token_type: TYPE.id,
      }),
      400,
      'invalid_request',
      'unsupported requested token type',
    )
  })
})

describe('asset tokens (an access token and a device actor token)', () => {
  function unsignedActor(claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`
  }

  it('exchanges as Postman’s collection does (no client_id) for a signed asset token, verifiable at /id/keys', async () => {
    const subject = await issue(TX.key, ['api'])
    const res = await postForm(gh, TOKEN, {
      grant_type: GRANT,
      subject_token_type: TYPE.access,
      subject_token: subject.accessToken,
      actor_token_type: TYPE.jwt,
      actor_token: unsignedActor({
        did: 'printer-0042',
        Name: 'Office Printer',
        aud: 'https://backend.test',
      }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, string>
    expect(Object.keys(body)).toEqual([
      'access_token',
      'instance_url',
      'id',
      'token_type',
      'issued_token_type',
    ])
    expect(body.issued_token_type).toBe(TYPE.jwt)
    const jwks = (await (await gh.fetch('/id/keys')).json()) as JSONWebKeySet
    const { payload, protectedHeader } = await jwtVerify(
      body.access_token!,
      createLocalJWKSet(jwks),
      {
        algorithms: ['RS256'],
        issuer: gh.baseUrl,
        audience: 'https://backend.test',
        currentDate: new Date(gh.clock.now()),
      },
    )
    expect(protectedHeader.kid).toMatch(/^\d+$/)
    expect(payload).toMatchObject({
      did: 'printer-0042',
      Name: 'Office Printer',
      sub: subject.response.id,
      client_id: TX.key,
    })
    expect(payload.exp! - payload.iat!).toBe(3600)
    // An asset token is for the device's backend, not an access token of the org.
    const userinfo = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(userinfo.status).toBe(403)
  })

  it('a signed actor token proves the device key (cnf), which the asset token carries', async () => {
    const subject = await issue(TX.key, ['api'])
    const device = await generateKeyPair('ES256', { extractable: true })
    const jwk = await exportJWK(device.publicKey)
    const actor = await new SignJWT({ did: 'sensor-7', cnf: { jwk } })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(device.privateKey)
    const res = await exchange({
      subject_token: subject.accessToken,
      subject_token_type: TYPE.access,
      actor_token: actor,
      actor_token_type: TYPE.jwt,
    })
    expect(res.status).toBe(200)
    const token = ((await res.json()) as Record<string, string>).access_token!
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >
    expect(payload.cnf).toEqual({ jwk })
    expect(payload.aud).toEqual([gh.baseUrl])
  })

  it('actor tokens that prove nothing are invalid_request / invalid actor token', async () => {
    const subject = await issue(TX.key, ['api'])
    const device = await generateKeyPair('ES256', { extractable: true })
    const other = await generateKeyPair('ES256', { extractable: true })
    const jwk = await exportJWK(device.publicKey)
    const cases = [
      // signed, but by another key than the one it claims
      await new SignJWT({ did: 'd', cnf: { jwk } })
        .setProtectedHeader({ alg: 'ES256' })
        .sign(other.privateKey),
      // signed with no key to check it against
      await new SignJWT({ did: 'd' }).setProtectedHeader({ alg: 'ES256' }).sign(device.privateKey),
      // unsigned, yet claiming a key
      unsignedActor({ did: 'd', cnf: { jwk } }),
      // no device id
      unsignedActor({ Name: 'nameless' }),
      'not a jwt',
    ]
    for (const actor of cases) {
      await expectError(
        await exchange({
          subject_token: subject.accessToken,
          subject_token_type: TYPE.access,
          actor_token: actor,
          actor_token_type: TYPE.jwt,
        }),
        400,
        'invalid_request',
        'invalid actor token',
      )
    }
    await expectError(
      await exchange({
        subject_token: subject.accessToken,
        subject_token_type: TYPE.access,
        actor_token: unsignedActor({ did: 'd' }),
        actor_token_type: TYPE.access,
      }),
      400,
      'invalid_request',
      'invalid actor token',
    )
  })
})
