import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { testWorkspace, C1, C2, ORG_ID, USERS } from '../../support/workspace'
import { basic, expectNoStore, issueTokens } from './support'

let gh: RunningGatehouse
let adaId: string

/** C2 is given "Introspect All Tokens" in a copy of the test workspace; C1 keeps the default. */
beforeAll(async () => {
  const workspace = testWorkspace()
  const c2 = workspace.apps!.find((a) => a.consumerKey === C2.key)!
  c2.introspectAllTokens = true
  workspace.apps!.push({
    kind: 'connectedApp',
    name: 'Short Sessions',
    consumerKey: '3MVG9SS.short.session.app.for.introspection',
    consumerSecret: 'ss-secret-0123456789abcdef0123456789abcdef',
    scopes: ['api', 'refresh_token'],
    policies: {
      sessionTimeoutMinutes: 15,
      refreshTokenPolicy: { type: 'expireAfter', value: 2, unit: 'hours' },
    },
  })
  gh = await startGatehouse({ workspace })
  adaId = gh.engine.store.workspace.findUserByUsername(USERS.ada)!.id
})
afterAll(async () => {
  await gh.close()
})
beforeEach(() => {
  gh.clock.freeze()
  return () => gh.clock.unfreeze()
})

const INACTIVE = { active: false }
const SHORT = {
  key: '3MVG9SS.short.session.app.for.introspection',
  secret: 'ss-secret-0123456789abcdef0123456789abcdef',
}

function introspect(
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
) {
  return gh.fetch('/services/oauth2/introspect', { method: 'POST', body: form(fields), headers })
}

const asC1 = (token: string | undefined, extra: Record<string, string> = {}) =>
  introspect({ token, ...extra }, { authorization: basic(C1.key, C1.secret) })

async function json(res: Response): Promise<unknown> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  return res.json()
}

describe('POST /services/oauth2/introspect: active tokens', () => {
  it('an access token: Salesforce fields, exp from the session timeout', async () => {
    const now = gh.clock.now()
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'openid', 'refresh_token'],
    })
    const res = await asC1(issued.accessToken)
    expect(res.status).toBe(200)
    expectNoStore(res)
    const iat = Math.floor(now / 1000)
    const body = await json(res)
    expect(body).toEqual({
      active: true,
      scope: 'api openid refresh_token',
      client_id: C1.key,
      username: USERS.ada,
      sub: `${gh.baseUrl}/id/${ORG_ID}/${adaId}`,
      token_type: 'access_token',
      exp: Math.floor((now + 120 * 60_000) / 1000),
      iat,
      nbf: iat,
    })
    expect(Object.keys(body as object)).toEqual([
      'active',
      'scope',
      'client_id',
      'username',
      'sub',
      'token_type',
      'exp',
      'iat',
      'nbf',
    ])
  })

  it('a refresh token valid until revoked: token_type refresh_token and no exp', async () => {
    const now = gh.clock.now()
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'refresh_token'],
    })
    const res = await asC1(issued.refreshToken, { token_type_hint: 'refresh_token' })
    const iat = Math.floor(now / 1000)
    expect(await json(res)).toEqual({
      active: true,
      scope: 'api refresh_token',
      client_id: C1.key,
      username: USERS.ada,
      sub: `${gh.baseUrl}/id/${ORG_ID}/${adaId}`,
      token_type: 'refresh_token',
      iat,
      nbf: iat,
    })
  })

  it('a refresh token under an "expire after" policy carries that exp, then goes inactive', async () => {
    const now = gh.clock.now()
    const issued = await issueTokens(gh.engine, {
      app: SHORT.key,
      username: USERS.sam,
      scopes: ['api', 'refresh_token'],
    })
    const auth = { authorization: basic(SHORT.key, SHORT.secret) }
    const body = (await json(await introspect({ token: issued.refreshToken }, auth))) as Record<
      string,
      unknown
    >
    expect(body.token_type).toBe('refresh_token')
    expect(body.exp).toBe(Math.floor((now + 2 * 3_600_000) / 1000))
    const access = (await json(await introspect({ token: issued.accessToken }, auth))) as Record<
      string,
      unknown
    >
    expect(access.exp).toBe(Math.floor((now + 15 * 60_000) / 1000))

    gh.clock.advance(2 * 3_600_000 - 1)
    const last = (await json(await introspect({ token: issued.refreshToken }, auth))) as {
      active: boolean
    }
    expect(last.active).toBe(true)
    gh.clock.advance(1)
    expect(await json(await introspect({ token: issued.refreshToken }, auth))).toEqual(INACTIVE)
  })

  it('the wrong token_type_hint still finds the token', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'refresh_token'],
    })
    const res = await asC1(issued.accessToken, { token_type_hint: 'refresh_token' })
    expect(((await json(res)) as { active: boolean }).active).toBe(true)
  })

  it('client credentials in the body work as well as Basic', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    const res = await introspect({
      token: issued.accessToken,
      client_id: C1.key,
      client_secret: C1.secret,
    })
    expect(((await json(res)) as { active: boolean }).active).toBe(true)
  })

  it('an app with "Introspect All Tokens" sees other apps’ tokens', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    const res = await introspect(
      { token: issued.accessToken },
      { authorization: basic(C2.key, C2.secret) },
    )
    const body = (await json(res)) as Record<string, unknown>
    expect(body).toMatchObject({ active: true, client_id: C1.key })
  })
})

describe('POST /services/oauth2/introspect: exactly {"active":false} (security case 42)', () => {
  it('for an expired access token (virtual clock)', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    gh.clock.advance(120 * 60_000)
    const res = await asC1(issued.accessToken)
    expect(res.status).toBe(200)
    expectNoStore(res)
    expect(await res.text()).toBe('{"active":false}')
  })

  it('for revoked access and refresh tokens', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api', 'refresh_token'],
    })
    gh.engine.oauth.store.revokeGrant(issued.grantId, gh.clock.now(), 'test')
    expect(await (await asC1(issued.accessToken)).text()).toBe('{"active":false}')
    expect(await (await asC1(issued.refreshToken)).text()).toBe('{"active":false}')
  })

  it.each(['garbage', '00D5g00000ABCDE!AQnot.a.real.token', 'x'.repeat(5000)])(
    'for the garbage token %#',
    async (token) => {
      const res = await asC1(token)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('{"active":false}')
    },
  )

  it('for another app’s token (no "Introspect All Tokens")', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C2.key,
      username: USERS.ada,
      scopes: ['api', 'refresh_token'],
    })
    expect(await (await asC1(issued.accessToken)).text()).toBe('{"active":false}')
    expect(await (await asC1(issued.refreshToken)).text()).toBe('{"active":false}')
  })

  it('for a token of a user who is inactive', async () => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.olga,
      scopes: ['api'],
    })
    expect(await (await asC1(issued.accessToken)).text()).toBe('{"active":false}')
  })
})

describe('POST /services/oauth2/introspect: client authentication', () => {
  const INVALID_CLIENT = {
    error: 'invalid_client',
    error_description: 'invalid client credentials',
  }

  it.each([
    ['no credentials', {}, {}],
    ['client_id without a secret', { client_id: C1.key }, {}],
    ['a wrong secret in the body', { client_id: C1.key, client_secret: 'nope' }, {}],
    ['a wrong secret via Basic', {}, { authorization: basic(C1.key, 'nope') }],
    ['an unknown client', { client_id: '3MVG9unknown', client_secret: 'nope' }, {}],
  ])('%s → 401 invalid_client', async (_name, fields, headers) => {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    const res = await introspect({ token: issued.accessToken, ...fields }, headers)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
    expectNoStore(res)
    expect(await json(res)).toEqual(INVALID_CLIENT)
  })

  it('Basic and client_secret in the body together → 400 invalid_request', async () => {
    const res = await introspect(
      { token: 'x', client_secret: C1.secret },
      { authorization: basic(C1.key, C1.secret) },
    )
    expect(res.status).toBe(400)
    expect(((await json(res)) as { error: string }).error).toBe('invalid_request')
  })

  it('a missing token → 400 invalid_request', async () => {
    const res = await asC1(undefined)
    expect(res.status).toBe(400)
    expect(await json(res)).toEqual({
      error: 'invalid_request',
      error_description: 'token parameter is required',
    })
  })
})
