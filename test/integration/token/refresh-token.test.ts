import { decodeJwt } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { WorkspaceInput } from '../../../src/core/workspace'
import { tokenSignature } from '../../../src/core/tokens/signature'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { AA, C1, C2, P1, USERS, testWorkspace } from '../../support/workspace'
import {
  expectError,
  introspectAccess,
  introspectRefresh,
  issueCode,
  postToken,
  tokenBody,
  type TokenBody,
} from './support'

/** Refresh token flow: rotation, replay, binding, scope, policies (security cases 29–31). */

type PolicyInput = NonNullable<
  NonNullable<WorkspaceInput['apps']>[number]['policies']
>['refreshTokenPolicy']

interface TestApp {
  name: string
  key: string
  secret: string
  redirect: string
}

function app(tag: string): TestApp {
  return {
    name: `App ${tag}`,
    key: `3MVG9${tag}.refresh.test.consumer.key`,
    secret: `${tag.toLowerCase()}-secret-0123456789abcdef0123456789abcdef`,
    redirect: `https://${tag.toLowerCase()}.test/cb`,
  }
}

const ROT = app('ROT')
const IMM = app('IMM')
const IDLE = app('IDLE')
const LIFE = app('LIFE')
const MONTH = app('MONTH')

function withApps(): WorkspaceInput {
  const workspace = testWorkspace()
  const add = (a: TestApp, extra: Record<string, unknown>) =>
    workspace.apps!.push({
      kind: 'connectedApp',
      name: a.name,
      consumerKey: a.key,
      consumerSecret: a.secret,
      callbackUrls: [a.redirect],
      scopes: ['api', 'refresh_token', 'openid'],
      ...extra,
    })
  const policy = (refreshTokenPolicy: PolicyInput) => ({ policies: { refreshTokenPolicy } })
  add(ROT, { refreshTokenRotation: true })
  add(IMM, policy({ type: 'immediatelyExpire' }))
  add(IDLE, policy({ type: 'expireIfNotUsedFor', value: 2, unit: 'hours' }))
  add(LIFE, policy({ type: 'expireAfter', value: 1, unit: 'days' }))
  add(MONTH, policy({ type: 'expireAfter', value: 1, unit: 'months' }))
  return workspace
}

let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: withApps() })
})

afterAll(async () => {
  await gh.close()
})

const HOUR = 3_600_000

/** The tokens of a fresh web server flow grant for `a`. */
async function grantFor(
  a: TestApp,
  scopes = 'api refresh_token openid',
  username: string = USERS.ada,
): Promise<TokenBody> {
  const code = issueCode(gh.engine, { appKey: a.key, username, redirectUri: a.redirect, scopes })
  const res = await postToken(gh, {
    grant_type: 'authorization_code',
    code,
    client_id: a.key,
    client_secret: a.secret,
    redirect_uri: a.redirect,
  })
  expect(res.status).toBe(200)
  return tokenBody(res)
}

const refresh = (
  a: Pick<TestApp, 'key' | 'secret'>,
  token: string,
  extra: Record<string, string | undefined> = {},
) =>
  postToken(gh, {
    grant_type: 'refresh_token',
    refresh_token: token,
    client_id: a.key,
    client_secret: a.secret,
    ...extra,
  })

const grantIdOf = (token: string) => introspectRefresh(gh.engine, token)!.grant_id

describe('without rotation', () => {
  test('returns a new access token, signature, id_token and issued_at, but no refresh_token', async () => {
    const first = await grantFor(C1)
    const res = await refresh(C1, first.refresh_token)
    expect(res.status).toBe(200)
    const body = await tokenBody(res)
    expect(Object.keys(body)).toEqual([
      'access_token',
      'signature',
      'scope',
      'id_token',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ])
    expect(body.access_token).not.toBe(first.access_token)
    expect(body.id).toBe(first.id)
    expect(body.signature).toBe(tokenSignature(C1.secret, body.id, body.issued_at))
    expect(decodeJwt(body.id_token)).toMatchObject({ aud: C1.key, sub: first.id })
    expect(introspectRefresh(gh.engine, first.refresh_token)?.last_used_at).toBeLessThanOrEqual(
      Number(body.issued_at),
    )
    // The refresh token keeps working.
    expect((await refresh(C1, first.refresh_token)).status).toBe(200)
  })

  test('no id_token when the grant has no openid', async () => {
    const first = await grantFor(C1, 'api refresh_token')
    const body = await tokenBody(await refresh(C1, first.refresh_token))
    expect(body.id_token).toBeUndefined()
    expect(body.scope).toBe('api refresh_token')
  })

  test('an unknown refresh token is invalid_grant', async () => {
    await expectError(
      await refresh(C1, '5Aep861unknown'),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })

  test('a missing refresh_token is invalid_request', async () => {
    await expectError(
      await refresh(C1, ''),
      400,
      'invalid_request',
      'missing required parameter: refresh_token',
    )
  })
})

describe('client secret', () => {
  test('C1 requires its secret for refresh', async () => {
    const first = await grantFor(C1)
    await expectError(
      await refresh(C1, first.refresh_token, { client_secret: undefined }),
      400,
      'invalid_client',
      'invalid client credentials',
    )
  })

  test('P1 (Require Secret for Refresh Token Flow off) refreshes without one', async () => {
    const code = issueCode(gh.engine, {
      appKey: P1.key,
      username: USERS.sam,
      redirectUri: P1.redirect,
      scopes: 'api refresh_token',
      challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    })
    const first = await tokenBody(
      await postToken(gh, {
        grant_type: 'authorization_code',
        code,
        client_id: P1.key,
        redirect_uri: P1.redirect,
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      }),
    )
    const res = await postToken(gh, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: P1.key,
    })
    expect(res.status).toBe(200)
  })
})

describe('binding and scope (security case 30)', () => {
  test('C2 using C1’s refresh token is invalid_grant, and the token still works for C1', async () => {
    const first = await grantFor(C1)
    await expectError(
      await refresh(C2, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
    expect((await refresh(C1, first.refresh_token)).status).toBe(200)
  })

  test('a wider scope is invalid_scope', async () => {
    const first = await grantFor(C1, 'api refresh_token')
    await expectError(
      await refresh(C1, first.refresh_token, { scope: 'api refresh_token web' }),
      400,
      'invalid_scope',
      'the requested scope is not allowed',
    )
  })

  test('a narrower scope is allowed', async () => {
    const first = await grantFor(C1)
    const body = await tokenBody(await refresh(C1, first.refresh_token, { scope: 'api' }))
    expect(body.scope).toBe('api')
    expect(body.id_token).toBeUndefined()
  })
})

describe('rotation (security cases 29, 31)', () => {
  test('returns a new refresh token and retires the old one', async () => {
    const first = await grantFor(ROT)
    const res = await refresh(ROT, first.refresh_token)
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
    expect(body.refresh_token).not.toBe(first.refresh_token)
    expect(introspectRefresh(gh.engine, first.refresh_token)?.rotated_at).not.toBeNull()
    expect((await refresh(ROT, body.refresh_token)).status).toBe(200)
  })

  test('replaying a rotated token revokes the whole grant', async () => {
    const first = await grantFor(ROT)
    const second = await tokenBody(await refresh(ROT, first.refresh_token))
    gh.clock.advance(10_000)

    await expectError(
      await refresh(ROT, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )

    expect(introspectRefresh(gh.engine, second.refresh_token)?.revoked_at).not.toBeNull()
    expect(introspectAccess(gh.engine, first.access_token)?.revoked_at).not.toBeNull()
    expect(introspectAccess(gh.engine, second.access_token)?.revoked_at).not.toBeNull()
    await expectError(
      await refresh(ROT, second.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })

  test('a rotated token presented again within the race grace is refused without revoking the grant', async () => {
    const first = await grantFor(ROT)
    const second = await tokenBody(await refresh(ROT, first.refresh_token))
    await expectError(
      await refresh(ROT, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
    expect((await refresh(ROT, second.refresh_token)).status).toBe(200)
  })

  test('20 concurrent refreshes: one 200, nineteen invalid_grant, one live refresh token', async () => {
    const first = await grantFor(ROT)
    const grantId = grantIdOf(first.refresh_token)
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refresh(ROT, first.refresh_token)),
    )
    const bodies = await Promise.all(results.map(tokenBody))
    const winners = bodies.filter((_, i) => results[i]!.status === 200)
    const losers = bodies.filter((_, i) => results[i]!.status === 400)
    expect(winners).toHaveLength(1)
    expect(losers).toHaveLength(19)
    for (const body of losers) {
      expect(body).toEqual({
        error: 'invalid_grant',
        error_description: 'expired access/refresh token',
      })
    }
    expect(gh.engine.oauth.store.countLiveRefreshTokens(grantId)).toBe(1)
    expect((await refresh(ROT, winners[0].refresh_token)).status).toBe(200)
  })
})

describe('refresh token policies (virtual clock)', () => {
  test('immediately expire: a refresh token is never usable', async () => {
    const first = await grantFor(IMM)
    await expectError(
      await refresh(IMM, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })

  test('expire if not used for 2 hours: each use restarts the count', async () => {
    const first = await grantFor(IDLE)
    gh.clock.advance(1.5 * HOUR)
    expect((await refresh(IDLE, first.refresh_token)).status).toBe(200)
    gh.clock.advance(1.5 * HOUR)
    expect((await refresh(IDLE, first.refresh_token)).status).toBe(200)
    gh.clock.advance(2 * HOUR + 1000)
    await expectError(
      await refresh(IDLE, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })

  test('expire if not used for 2 hours: never used counts from issue', async () => {
    const first = await grantFor(IDLE)
    gh.clock.advance(2 * HOUR)
    await expectError(
      await refresh(IDLE, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })

  test('expire after 1 day, however often it is used', async () => {
    const first = await grantFor(LIFE)
    for (let i = 0; i < 3; i++) {
      gh.clock.advance(7 * HOUR)
      expect((await refresh(LIFE, first.refresh_token)).status).toBe(200)
    }
    gh.clock.advance(3 * HOUR)
    await expectError(
      await refresh(LIFE, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })

  test('expire after 1 month means 30 days', async () => {
    const first = await grantFor(MONTH)
    gh.clock.advance(29 * 24 * HOUR)
    expect((await refresh(MONTH, first.refresh_token)).status).toBe(200)
    gh.clock.advance(24 * HOUR)
    await expectError(
      await refresh(MONTH, first.refresh_token),
      400,
      'invalid_grant',
      'expired access/refresh token',
    )
  })
})

describe('user and app changes after the grant', () => {
  test('a deactivated user is invalid_grant / inactive user; an admin-approved app drops an unassigned user', async () => {
    const samToken = await grantFor(C1, 'api refresh_token', USERS.sam)
    const aaCode = issueCode(gh.engine, {
      appKey: AA.key,
      username: USERS.ada,
      redirectUri: AA.redirect,
      scopes: 'api refresh_token',
    })
    const adaOnAA = await tokenBody(
      await postToken(gh, {
        grant_type: 'authorization_code',
        code: aaCode,
        client_id: AA.key,
        client_secret: AA.secret,
        redirect_uri: AA.redirect,
      }),
    )

    // Edit the loaded workspace (exported, so user ids stay the same) and load it back.
    const original = gh.engine.exportWorkspace()
    const changed = structuredClone(original)
    changed.users.find((u) => u.username === USERS.sam)!.active = false
    changed.apps.find((a) => a.consumerKey === AA.key)!.policies.profiles = ['Standard User']
    gh.engine.importWorkspace(changed)
    try {
      await expectError(
        await refresh(C1, samToken.refresh_token),
        400,
        'invalid_grant',
        'inactive user',
      )
      await expectError(
        await refresh(AA, adaOnAA.refresh_token),
        400,
        'invalid_app_access',
        'user is not admin approved to access this app',
      )
    } finally {
      gh.engine.importWorkspace(original)
    }
    expect((await refresh(AA, adaOnAA.refresh_token)).status).toBe(200)
  })
})

describe('openid-client', () => {
  test('refreshTokenGrant works against the discovered token endpoint', async () => {
    const first = await grantFor(C1)
    const config = await oidc.discovery(
      new URL(gh.baseUrl),
      C1.key,
      C1.secret,
      oidc.ClientSecretPost(C1.secret),
      {
        execute: [oidc.allowInsecureRequests],
      },
    )
    const tokens = await oidc.refreshTokenGrant(config, first.refresh_token)
    expect(tokens.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(tokens.token_type).toBe('bearer')
    expect(tokens.claims()?.aud).toBe(C1.key)
  })
})
