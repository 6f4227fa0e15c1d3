import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, CC, testWorkspace } from '../../support/workspace'
import { TOKEN_PATH, basic, expectError, postToken, tokenBody } from './support'

/**
 * The token endpoint's own behaviour, before any grant: methods, body types, parameters,
 * cache headers and client authentication (security cases 22–27).
 */

const ODD_SECRET = 'colon:and%percent+plus-0123456789abcdef0123'
const ODD = { key: '3MVG9ODD.secret.with.reserved.characters', secret: ODD_SECRET }
const BLOCKED = {
  key: '3MVG9BLK.blocked.app.consumer.key',
  secret: 'blk-secret-0123456789abcdef0123456789abcdef',
}

let gh: RunningGatehouse

beforeAll(async () => {
  const workspace = testWorkspace()
  workspace.apps!.push(
    {
      kind: 'externalClientApp',
      name: 'Odd Secret',
      consumerKey: ODD.key,
      consumerSecret: ODD.secret,
      scopes: ['api'],
      clientCredentials: { enabled: true, runAs: 'integration@acme.test' },
    },
    {
      kind: 'externalClientApp',
      name: 'Blocked',
      consumerKey: BLOCKED.key,
      consumerSecret: BLOCKED.secret,
      scopes: ['api'],
      clientCredentials: { enabled: true, runAs: 'integration@acme.test' },
      policies: { blocked: true },
    },
  )
  gh = await startGatehouse({ workspace })
})

afterAll(async () => {
  await gh.close()
})

const clientCredentials = {
  grant_type: 'client_credentials',
  client_id: CC.key,
  client_secret: CC.secret,
}

function expectNoStore(res: Response): void {
  expect(res.headers.get('cache-control')).toBe('no-store')
  expect(res.headers.get('pragma')).toBe('no-cache')
}

describe('methods and body types (security case 26)', () => {
  test.each(['GET', 'PUT', 'PATCH', 'DELETE'])(
    '%s answers like Salesforce: unsupported_grant_type',
    async (method) => {
      const res = await gh.fetch(`${TOKEN_PATH}?grant_type=client_credentials`, { method })
      expectNoStore(res)
      await expectError(res, 400, 'unsupported_grant_type', 'grant type not supported')
    },
  )

  test('a JSON body is invalid_request, never parsed', async () => {
    const res = await gh.fetch(TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(clientCredentials),
    })
    expectNoStore(res)
    await expectError(
      res,
      400,
      'invalid_request',
      'request body must be application/x-www-form-urlencoded',
    )
  })

  test('malformed JSON and __proto__ JSON are invalid_request, not 500', async () => {
    for (const body of ['{"grant_type":', '{"__proto__":{"x":1}}']) {
      const res = await gh.fetch(TOKEN_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      await expectError(
        res,
        400,
        'invalid_request',
        'request body must be application/x-www-form-urlencoded',
      )
    }
  })

  test.each(['text/plain', 'application/xml', 'application/octet-stream'])(
    '%s body is invalid_request',
    async (type) => {
      const res = await gh.fetch(TOKEN_PATH, {
        method: 'POST',
        headers: { 'content-type': type },
        body: new URLSearchParams(clientCredentials).toString(),
      })
      await expectError(
        res,
        400,
        'invalid_request',
        'request body must be application/x-www-form-urlencoded',
      )
    },
  )

  test('multipart/form-data is accepted (the CLI posts FormData)', async () => {
    const body = new FormData()
    for (const [k, v] of Object.entries(clientCredentials)) body.append(k, v)
    const res = await gh.fetch(TOKEN_PATH, { method: 'POST', body })
    expect(res.status).toBe(200)
    expect((await tokenBody(res)).access_token).toMatch(/^00D5g00000ABCDE!/)
  })

  test('a body over 64 KiB is refused with 413', async () => {
    const res = await postToken(gh, { ...clientCredentials, padding: 'x'.repeat(70 * 1024) })
    expectNoStore(res)
    await expectError(res, 413, 'invalid_request', 'request body is too large')
  })

  test('bad percent-encoding never causes a 500', async () => {
    const res = await gh.fetch(TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=%ff&client_id=%E0%A4%A',
    })
    expect(res.status).toBe(400)
  })
})

describe('parameters (security case 25)', () => {
  test('a repeated grant_type is invalid_request', async () => {
    const res = await gh.fetch(TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&grant_type=refresh_token&client_id=x',
    })
    await expectError(res, 400, 'invalid_request', 'duplicate parameter: grant_type')
  })

  test('a parameter in both the query string and the body is invalid_request', async () => {
    const res = await gh.fetch(`${TOKEN_PATH}?client_id=${encodeURIComponent(CC.key)}`, {
      method: 'POST',
      body: new URLSearchParams(clientCredentials),
    })
    await expectError(res, 400, 'invalid_request', 'duplicate parameter: client_id')
  })

  test('parameters in the query string of a POST work, as on Salesforce', async () => {
    const res = await gh.fetch(`${TOKEN_PATH}?${new URLSearchParams(clientCredentials)}`, {
      method: 'POST',
    })
    expect(res.status).toBe(200)
  })

  test('unknown parameters are ignored (jsforce adds redirect_uri and more to every grant)', async () => {
    const res = await postToken(gh, {
      ...clientCredentials,
      redirect_uri: C1.redirect,
      format: 'json',
      foo: 'bar',
    })
    expect(res.status).toBe(200)
  })

  test('a missing grant_type is unsupported_grant_type', async () => {
    const res = await postToken(gh, { client_id: CC.key, client_secret: CC.secret })
    await expectError(res, 400, 'unsupported_grant_type', 'grant type not supported')
  })

  test('an unknown grant_type is unsupported_grant_type', async () => {
    const res = await postToken(gh, { ...clientCredentials, grant_type: 'urn:example:magic' })
    await expectError(res, 400, 'unsupported_grant_type', 'grant type not supported')
  })
})

describe('cache headers (security case 27)', () => {
  test('a success carries no-store and Salesforce’s JSON content type', async () => {
    const res = await postToken(gh, clientCredentials)
    expect(res.status).toBe(200)
    expectNoStore(res)
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8')
  })

  test('an error carries no-store', async () => {
    const res = await postToken(gh, { ...clientCredentials, client_secret: 'wrong' })
    expectNoStore(res)
    expect(res.status).toBe(400)
  })
})

describe('client authentication (security cases 22–24)', () => {
  test('an unknown client is invalid_client_id', async () => {
    const res = await postToken(gh, { ...clientCredentials, client_id: '3MVG9nobody' })
    await expectError(res, 400, 'invalid_client_id', 'client identifier invalid')
  })

  test('no client_id at all is invalid_client_id', async () => {
    const res = await postToken(gh, { grant_type: 'client_credentials' })
    await expectError(res, 400, 'invalid_client_id', 'client identifier invalid')
  })

  test('a wrong secret in the body is invalid_client (400, as Salesforce answers)', async () => {
    const res = await postToken(gh, { ...clientCredentials, client_secret: `${CC.secret}x` })
    await expectError(res, 400, 'invalid_client', 'invalid client credentials')
  })

  test('a wrong secret in a Basic header is invalid_client', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'client_credentials' },
      { authorization: basic(CC.key, 'nope') },
    )
    await expectError(res, 400, 'invalid_client', 'invalid client credentials')
  })

  test('an unknown client in a Basic header is invalid_client_id', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'client_credentials' },
      { authorization: basic('3MVG9nobody', 'x') },
    )
    await expectError(res, 400, 'invalid_client_id', 'client identifier invalid')
  })

  test('Basic and a body secret together are invalid_request (one method per request)', async () => {
    const res = await postToken(gh, clientCredentials, { authorization: basic(CC.key, CC.secret) })
    await expectError(
      res,
      400,
      'invalid_request',
      'only one client authentication method is allowed',
    )
  })

  test('Basic credentials are form-decoded after base64 (%3A, %25, + in the secret)', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'client_credentials' },
      { authorization: basic(ODD.key, ODD.secret) },
    )
    expect(res.status).toBe(200)
  })

  test('Basic with a matching client_id in the body is fine', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'client_credentials', client_id: CC.key },
      { authorization: basic(CC.key, CC.secret) },
    )
    expect(res.status).toBe(200)
  })

  test('a Basic header without a colon is invalid_request', async () => {
    const res = await postToken(
      gh,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
    )
    await expectError(res, 400, 'invalid_request', 'invalid basic auth header')
  })

  test('a blocked app gets OAUTH_APP_BLOCKED', async () => {
    const res = await postToken(gh, {
      grant_type: 'client_credentials',
      client_id: BLOCKED.key,
      client_secret: BLOCKED.secret,
    })
    await expectError(res, 400, 'OAUTH_APP_BLOCKED', 'this app is blocked by admin')
  })
})

describe('malformed multipart bodies', () => {
  test.each([
    [
      'a truncated part',
      '--xyz\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials',
    ],
    ['no parts at all', 'garbage'],
  ])('%s is invalid_request, not 500', async (_label, body) => {
    const res = await gh.fetch(TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body,
    })
    expectNoStore(res)
    await expectError(res, 400, 'invalid_request', 'malformed request body')
  })

  test('a multipart body without a boundary is invalid_request', async () => {
    const res = await gh.fetch(TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    })
    await expectError(res, 400, 'invalid_request', 'malformed request body')
  })

  test('a file part is refused, not stored', async () => {
    const body = new FormData()
    body.append('grant_type', 'client_credentials')
    body.append('upload', new Blob(['data']), 'a.txt')
    const res = await gh.fetch(TOKEN_PATH, { method: 'POST', body })
    expect(res.status).toBe(413)
  })
})
