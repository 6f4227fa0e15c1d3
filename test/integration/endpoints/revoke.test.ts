import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, USERS } from '../../support/workspace'
import { basic, bearer, expectNoStore, issueTokens } from './support'

let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(async () => {
  await gh.close()
})

const INVALID_TOKEN = { error: 'invalid_token', error_description: 'Token was invalid' }

const issue = (app = C1.key) =>
  issueTokens(gh.engine, { app, username: USERS.ada, scopes: ['api', 'openid', 'refresh_token'] })

function revoke(fields: Record<string, string | undefined>, headers: Record<string, string> = {}) {
  return gh.fetch('/services/oauth2/revoke', { method: 'POST', body: form(fields), headers })
}

/** Whether C1 (the owner) still sees the token as active. */
async function isActive(token: string): Promise<boolean> {
  const res = await gh.fetch('/services/oauth2/introspect', {
    method: 'POST',
    body: form({ token }),
    headers: { authorization: basic(C1.key, C1.secret) },
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { active: boolean }).active
}

describe('POST /services/oauth2/revoke', () => {
  it('revoking a refresh token revokes its whole grant (security case 41)', async () => {
    const first = await issue()
    const sibling = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'openid'],
      grantId: first.grantId,
    })
    const other = await issue()

    const res = await revoke({ token: first.refreshToken })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expectNoStore(res)

    expect(await isActive(first.refreshToken!)).toBe(false)
    expect(await isActive(first.accessToken)).toBe(false)
    expect(await isActive(sibling.accessToken)).toBe(false)
    const userinfo = await gh.fetch('/services/oauth2/userinfo', {
      headers: bearer(first.accessToken),
    })
    expect(userinfo.status).toBe(403)
    expect(await userinfo.text()).toBe('Bad_OAuth_Token')
    // Another grant of the same user and app is untouched.
    expect(await isActive(other.accessToken)).toBe(true)
    expect(await isActive(other.refreshToken!)).toBe(true)
  })

  it('revoking an access token revokes that token only', async () => {
    const issued = await issue()
    const sibling = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
      grantId: issued.grantId,
    })
    const res = await revoke({ token: issued.accessToken })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(await isActive(issued.accessToken)).toBe(false)
    expect(await isActive(sibling.accessToken)).toBe(true)
    expect(await isActive(issued.refreshToken!)).toBe(true)
  })

  it('token_type_hint only orders the lookup: a wrong hint still finds the token', async () => {
    const issued = await issue()
    const res = await revoke({ token: issued.refreshToken, token_type_hint: 'access_token' })
    expect(res.status).toBe(200)
    expect(await isActive(issued.accessToken)).toBe(false)
  })

  it.each([
    ['garbage', 'not-a-token'],
    ['an org-shaped unknown token', '00D5g00000ABCDE!AQunknown'],
  ])('%s → 400 invalid_token, as Salesforce answers', async (_name, token) => {
    const res = await revoke({ token })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(INVALID_TOKEN)
    expectNoStore(res)
  })

  it('an already revoked token is invalid the second time', async () => {
    const issued = await issue()
    expect((await revoke({ token: issued.refreshToken })).status).toBe(200)
    const again = await revoke({ token: issued.refreshToken })
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual(INVALID_TOKEN)
  })

  it('an expired access token is invalid', async () => {
    const issued = await issue()
    gh.clock.advance(121 * 60_000)
    try {
      const res = await revoke({ token: issued.accessToken })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual(INVALID_TOKEN)
    } finally {
      gh.clock.advance(-121 * 60_000)
    }
  })

  it('a client that authenticates cannot revoke another app’s token: it stays active', async () => {
    const issued = await issue(C1.key)
    for (const attempt of [
      () => revoke({ token: issued.accessToken }, { authorization: basic(C2.key, C2.secret) }),
      () => revoke({ token: issued.refreshToken, client_id: C2.key, client_secret: C2.secret }),
      () => revoke({ token: issued.refreshToken, client_id: C2.key }),
    ]) {
      const res = await attempt()
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual(INVALID_TOKEN)
    }
    expect(await isActive(issued.accessToken)).toBe(true)
    expect(await isActive(issued.refreshToken!)).toBe(true)
  })

  it('the owner revokes with its credentials (Basic or body) or its client_id alone', async () => {
    const a = await issue()
    expect(
      (await revoke({ token: a.accessToken }, { authorization: basic(C1.key, C1.secret) })).status,
    ).toBe(200)
    const b = await issue()
    expect(
      (await revoke({ token: b.accessToken, client_id: C1.key, client_secret: C1.secret })).status,
    ).toBe(200)
    const c = await issue()
    expect((await revoke({ token: c.accessToken, client_id: C1.key })).status).toBe(200)
    for (const t of [a, b, c]) expect(await isActive(t.accessToken)).toBe(false)
  })

  it('presented credentials must be right: 401 invalid_client, the token stays active', async () => {
    const issued = await issue()
    for (const attempt of [
      () => revoke({ token: issued.accessToken }, { authorization: basic(C1.key, 'wrong') }),
      () => revoke({ token: issued.accessToken, client_id: C1.key, client_secret: 'wrong' }),
      () => revoke({ token: issued.accessToken, client_id: 'no-such-app', client_secret: 'x' }),
    ]) {
      const res = await attempt()
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /)
      expect(await res.json()).toEqual({
        error: 'invalid_client',
        error_description: 'invalid client credentials',
      })
      expectNoStore(res)
    }
    expect(await isActive(issued.accessToken)).toBe(true)
  })

  it('a missing or repeated token parameter is invalid_request', async () => {
    const missing = await revoke({})
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'token parameter is required',
    })
    const repeated = await gh.fetch('/services/oauth2/revoke', {
      method: 'POST',
      body: 'token=a&token=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(repeated.status).toBe(400)
    expect(((await repeated.json()) as { error: string }).error).toBe('invalid_request')
    expectNoStore(repeated)
  })
})

describe('GET /services/oauth2/revoke', () => {
  it('revokes with ?token= and answers 200 with an empty body', async () => {
    const issued = await issue()
    const res = await gh.fetch(
      `/services/oauth2/revoke?token=${encodeURIComponent(issued.refreshToken!)}`,
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expectNoStore(res)
    expect(await isActive(issued.accessToken)).toBe(false)
  })

  it('an unknown token is 400 invalid_token', async () => {
    const res = await gh.fetch('/services/oauth2/revoke?token=garbage')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(INVALID_TOKEN)
  })

  it('JSONP: callback({}) on success', async () => {
    const issued = await issue()
    const token = encodeURIComponent(issued.accessToken)
    const res = await gh.fetch(`/services/oauth2/revoke?token=${token}&callback=app.onRevoked`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toBe('app.onRevoked({})')
    expect(await isActive(issued.accessToken)).toBe(false)
  })

  it('JSONP: callback({"error":"invalid_token"}) for an unknown token, still 200 so the script runs', async () => {
    const res = await gh.fetch('/services/oauth2/revoke?token=garbage&callback=done')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(await res.text()).toBe('done({"error":"invalid_token"})')
  })

  it.each(['alert(1)//', '1abc', 'a b', 'x'.repeat(65), '<script>', 'a;b'])(
    'refuses the callback name %j and revokes nothing',
    async (callback) => {
      const issued = await issue()
      const query = new URLSearchParams({ token: issued.accessToken, callback })
      const res = await gh.fetch(`/services/oauth2/revoke?${query}`)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: 'invalid callback',
      })
      expect(await isActive(issued.accessToken)).toBe(true)
    },
  )
})

describe('HEAD /services/oauth2/revoke', () => {
  it('is not a way to revoke', async () => {
    const issued = await issue()
    const query = new URLSearchParams({ token: issued.accessToken })
    const res = await gh.fetch(`/services/oauth2/revoke?${query}`, { method: 'HEAD' })
    expect(res.status).toBe(404)
    expect(await isActive(issued.accessToken)).toBe(true)
  })
})
