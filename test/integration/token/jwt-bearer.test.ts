import { createHash, X509Certificate } from 'node:crypto'
import {
  SignJWT,
  exportJWK,
  exportSPKI,
  importX509,
  type JWTPayload,
  type JWTHeaderParameters,
} from 'jose'
import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestCertificate, type TestCertificate } from '../../support/certs'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C2, ORG_ID, USERS, testWorkspace } from '../../support/workspace'
import { expectError, postToken, userId, tokenBody } from './support'

/** JWT bearer flow (reference §4.4; security cases 32–36). */

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const LOGIN = 'https://login.salesforce.com'

const JWT = {
  name: 'JWT Self',
  key: '3MVG9JWT.self.authorize.bearer.key',
  secret: 'jwt-secret-0123456789abcdef0123456789abcdef',
}
const JWTAA = {
  name: 'JWT Admin',
  key: '3MVG9JWTAA.admin.approved.bearer.key',
  secret: 'jwtaa-secret-0123456789abcdef0123456789abcd',
}

let gh: RunningGatehouse
let cert: TestCertificate
let attacker: TestCertificate

beforeAll(async () => {
  ;[cert, attacker] = await Promise.all([
    createTestCertificate('jwt-app'),
    createTestCertificate('attacker'),
  ])
  const workspace = testWorkspace()
  workspace.apps!.push(
    {
      kind: 'connectedApp',
      name: JWT.name,
      consumerKey: JWT.key,
      consumerSecret: JWT.secret,
      callbackUrls: ['http://localhost:1717/OauthRedirect'],
      scopes: ['api', 'refresh_token', 'web'],
      certificate: cert.certificatePem,
    },
    {
      kind: 'externalClientApp',
      name: JWTAA.name,
      consumerKey: JWTAA.key,
      consumerSecret: JWTAA.secret,
      scopes: ['api'],
      certificate: cert.certificatePem,
      policies: {
        permittedUsers: 'adminApprovedPreAuthorized',
        profiles: ['System Administrator'],
      },
    },
  )
  gh = await startGatehouse({ workspace })
  // Self-authorize apps need a prior approval: ada and olga approved JWT Self in a browser.
  const { store } = gh.engine.oauth
  for (const username of [USERS.ada, USERS.olga]) {
    store.saveConsent(userId(gh.engine, username), JWT.key, 'api refresh_token web', gh.clock.now())
  }
})

afterAll(async () => {
  await gh.close()
})

const nowSeconds = () => Math.floor(gh.clock.now() / 1000)

/** An assertion as the Salesforce docs describe it, signed with the app certificate's key. */
function assertion(
  claims: Record<string, unknown> = {},
  header: Partial<JWTHeaderParameters> = {},
  key: TestCertificate['privateKey'] | Uint8Array = cert.privateKey,
): Promise<string> {
  const payload = { iss: JWT.key, sub: USERS.ada, aud: LOGIN, exp: nowSeconds() + 180, ...claims }
  for (const [k, v] of Object.entries(payload))
    if (v === undefined) delete (payload as Record<string, unknown>)[k]
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: 'RS256', ...header } as JWTHeaderParameters)
    .sign(key)
}

const exchange = (jwt: string, extra: Record<string, string> = {}) =>
  postToken(gh, { grant_type: JWT_BEARER, assertion: jwt, ...extra })

const invalidAssertion = (res: Response) =>
  expectError(res, 400, 'invalid_grant', 'invalid assertion')

describe('success', () => {
  test('returns access_token, scope, instance_url, id and token_type only', async () => {
    const res = await exchange(await assertion())
    expect(res.status).toBe(200)
    const body = await tokenBody(res)
    expect(Object.keys(body)).toEqual(['access_token', 'scope', 'instance_url', 'id', 'token_type'])
    expect(body.id).toBe(`${gh.baseUrl}/id/${ORG_ID}/${userId(gh.engine, USERS.ada)}`)
    expect(body.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(body.instance_url).toBe(gh.baseUrl)
  })

  test('jsforce conn.authorize with an assertion whose exp is in milliseconds (as the Salesforce CLI signs it)', async () => {
    const jwt = await assertion({ exp: gh.clock.now() + 300 })
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: JWT.key,
        redirectUri: 'http://localhost:1717/OauthRedirect',
      },
    })
    const info = await conn.authorize({ grant_type: JWT_BEARER, assertion: jwt })
    expect(info.organizationId).toBe(ORG_ID)
    expect(info.id).toBe(userId(gh.engine, USERS.ada))
    expect(conn.accessToken).toMatch(/^00D5g00000ABCDE!/)
    expect(conn.refreshToken).toBeUndefined()
  })

  test.each([
    ['test.salesforce.com', 'https://test.salesforce.com'],
    ['this server', 'BASE'],
    ['an array holding login.salesforce.com', ['https://elsewhere.example', LOGIN]],
  ])('aud = %s is accepted', async (_label, aud) => {
    const res = await exchange(await assertion({ aud: aud === 'BASE' ? gh.baseUrl : aud }))
    expect(res.status).toBe(200)
  })

  test('exp as a numeric string (simple-salesforce) is accepted', async () => {
    expect((await exchange(await assertion({ exp: String(nowSeconds() + 120) }))).status).toBe(200)
  })

  test('exp 30 s ago is inside the 60 s skew', async () => {
    expect((await exchange(await assertion({ exp: nowSeconds() - 30 }))).status).toBe(200)
  })

  test('a kid that names the certificate (x5t#S256) is fine', async () => {
    const der = new X509Certificate(cert.certificatePem).raw
    const kid = createHash('sha256').update(der).digest('base64url')
    expect((await exchange(await assertion({}, { kid }))).status).toBe(200)
  })

  test('the client_id and client_secret jsforce adds are ignored', async () => {
    const res = await exchange(await assertion(), {
      client_id: 'whatever',
      client_secret: 'whatever',
    })
    expect(res.status).toBe(200)
  })

  test('an admin-approved app accepts a pre-authorized user without any consent', async () => {
    expect((await exchange(await assertion({ iss: JWTAA.key }))).status).toBe(200)
  })
})

describe('signature and header (security cases 32, 33, 36)', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const claims = () => ({ iss: JWT.key, sub: USERS.ada, aud: LOGIN, exp: nowSeconds() + 180 })

  test('alg none with an empty signature', async () => {
    await invalidAssertion(await exchange(`${b64({ alg: 'none' })}.${b64(claims())}.`))
  })

  test('HS256 keyed with the certificate PEM or the public key PEM', async () => {
    const spki = await exportSPKI(
      await importX509(cert.certificatePem, 'RS256', { extractable: true }),
    )
    for (const pem of [cert.certificatePem, spki]) {
      const jwt = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(pem))
      await invalidAssertion(await exchange(jwt))
    }
  })

  test('signed by another key', async () => {
    await invalidAssertion(await exchange(await assertion({}, {}, attacker.privateKey)))
  })

  test.each(['unknown-kid', "' OR '1'='1", '../../x'])('kid %s', async (kid) => {
    await invalidAssertion(await exchange(await assertion({}, { kid })))
  })

  test('a jwk header carrying the attacker’s key', async () => {
    const publicJwk = await exportJWK(
      await importX509(attacker.certificatePem, 'RS256', { extractable: true }),
    )
    await invalidAssertion(
      await exchange(await assertion({}, { jwk: publicJwk }, attacker.privateKey)),
    )
  })

  test.each(['jku', 'x5u'])('a %s header (never fetched)', async (name) => {
    await invalidAssertion(
      await exchange(
        await assertion({}, { [name]: 'https://evil.example/keys' }, attacker.privateKey),
      ),
    )
    await invalidAssertion(
      await exchange(await assertion({}, { [name]: 'https://evil.example/keys' })),
    )
  })

  test('not a JWT at all', async () => {
    await invalidAssertion(await exchange('abc.def'))
  })

  test('no assertion', async () => {
    const res = await postToken(gh, { grant_type: JWT_BEARER })
    await expectError(res, 400, 'invalid_request', 'missing required parameter: assertion')
  })

  test('an app without a certificate cannot use the flow', async () => {
    const res = await exchange(await assertion({ iss: C2.key }))
    await expectError(res, 400, 'invalid_client', 'invalid client credentials')
  })
})

describe('claims (security case 34)', () => {
  test.each([
    ['another host', 'https://evil.example'],
    ['My Domain-style token URL', 'https://acme.my.salesforce.com/services/oauth2/token'],
    ['missing', undefined],
  ])('aud %s is audience is invalid', async (_label, aud) => {
    await expectError(
      await exchange(await assertion({ aud })),
      400,
      'invalid_grant',
      'audience is invalid',
    )
  })

  test('exp past beyond the skew', async () => {
    await invalidAssertion(await exchange(await assertion({ exp: nowSeconds() - 61 })))
  })

  test('exp missing', async () => {
    await invalidAssertion(await exchange(await assertion({ exp: undefined })))
  })

  test('exp not a number', async () => {
    await invalidAssertion(await exchange(await assertion({ exp: 'tomorrow' })))
  })

  test('the virtual clock decides: an assertion valid now is expired after +5 min', async () => {
    const jwt = await assertion({ exp: nowSeconds() + 120 })
    gh.clock.advance(5 * 60_000)
    await invalidAssertion(await exchange(jwt))
  })

  test('nbf in the future', async () => {
    await invalidAssertion(await exchange(await assertion({ nbf: nowSeconds() + 300 })))
  })

  test('iat an hour ahead', async () => {
    await invalidAssertion(await exchange(await assertion({ iat: nowSeconds() + 3600 })))
  })

  test('iat two days ago', async () => {
    await invalidAssertion(await exchange(await assertion({ iat: nowSeconds() - 2 * 86_400 })))
  })

  test('iss unknown is invalid_client_id', async () => {
    const res = await exchange(await assertion({ iss: '3MVG9nobody' }))
    await expectError(res, 400, 'invalid_client_id', 'client identifier invalid')
  })

  test('iss missing is invalid_client_id', async () => {
    const res = await exchange(await assertion({ iss: undefined }))
    await expectError(res, 400, 'invalid_client_id', 'client identifier invalid')
  })

  test('sub unknown', async () => {
    await invalidAssertion(await exchange(await assertion({ sub: 'nobody@acme.test' })))
  })
})

describe('user', () => {
  test('inactive user', async () => {
    const res = await exchange(await assertion({ sub: USERS.olga }))
    await expectError(res, 400, 'invalid_grant', 'inactive user')
  })

  test('a self-authorize app the user never approved', async () => {
    const res = await exchange(await assertion({ sub: USERS.sam }))
    await expectError(res, 400, 'invalid_grant', "user hasn't approved this consumer")
  })

  test('an admin-approved app and a user who is not pre-authorized', async () => {
    const res = await exchange(await assertion({ iss: JWTAA.key, sub: USERS.sam }))
    await expectError(
      res,
      400,
      'invalid_app_access',
      'user is not admin approved to access this app',
    )
  })
})

describe('replay (security case 35)', () => {
  test('the same jti twice before exp: the second is refused', async () => {
    const jwt = await assertion({ jti: 'jti-once' })
    expect((await exchange(jwt)).status).toBe(200)
    await invalidAssertion(await exchange(jwt))
    expect((await exchange(await assertion({ jti: 'jti-other' }))).status).toBe(200)
  })

  test('concurrent copies of one assertion: exactly one succeeds', async () => {
    const jwt = await assertion({ jti: 'jti-race' })
    const results = await Promise.all(Array.from({ length: 10 }, () => exchange(jwt)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
  })

  test('a failed attempt does not use the jti up', async () => {
    const bad = await assertion({ jti: 'jti-retry', sub: USERS.sam })
    await expectError(
      await exchange(bad),
      400,
      'invalid_grant',
      "user hasn't approved this consumer",
    )
    expect((await exchange(await assertion({ jti: 'jti-retry' }))).status).toBe(200)
  })
})
