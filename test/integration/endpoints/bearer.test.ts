import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateRefreshPolicy } from '../../../src/core/policy/refresh-policy'
import { refreshTokenExpiresAt } from '../../../src/core/oauth/resources/refresh-token'
import { authenticateAccessToken, readBearer } from '../../../src/core/tokens/bearer'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, USERS, testWorkspace } from '../../support/workspace'
import { issueTokens } from './support'

let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(async () => {
  await gh.close()
})

describe('readBearer', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer 00D!AQ.x_y', '00D!AQ.x_y'],
    ['OAuth 00D!AQtoken', '00D!AQtoken'],
    ['Bearer   spaced  ', 'spaced'],
  ])('%j → %j', (header, token) => expect(readBearer(header)).toBe(token))

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc'])(
    '%j → undefined',
    (header) => expect(readBearer(header)).toBeUndefined(),
  )
})

describe('authenticateAccessToken', () => {
  const issue = (app = C1.key, username: string = USERS.ada) =>
    issueTokens(gh.engine, { app, username, scopes: ['api'] })

  it('ok: the row, app and user, with each passed check named', async () => {
    const issued = await issue()
    const auth = authenticateAccessToken(gh.engine, issued.accessToken)
    expect(auth.ok).toBe(true)
    if (!auth.ok) return
    expect(auth.app.consumerKey).toBe(C1.key)
    expect(auth.user.username).toBe(USERS.ada)
    expect(auth.row.grant_id).toBe(issued.grantId)
    expect(auth.checks.map((c) => c.step)).toEqual([
      'token.lookup',
      'token.active',
      'token.app',
      'user.active',
    ])
  })

  it('unknown, revoked, expired and inactive_user', async () => {
    expect(authenticateAccessToken(gh.engine, 'nope')).toMatchObject({
      ok: false,
      reason: 'unknown',
      step: 'token.lookup',
    })

    const revoked = await issue()
    gh.engine.oauth.store.revokeGrant(revoked.grantId, gh.clock.now(), 'test')
    expect(authenticateAccessToken(gh.engine, revoked.accessToken)).toMatchObject({
      ok: false,
      reason: 'revoked',
      step: 'token.active',
    })

    const olga = await issue(C1.key, USERS.olga)
    expect(authenticateAccessToken(gh.engine, olga.accessToken)).toMatchObject({
      ok: false,
      reason: 'inactive_user',
      step: 'user.active',
    })

    const expiring = await issue()
    gh.clock.advance(120 * 60_000)
    try {
      const auth = authenticateAccessToken(gh.engine, expiring.accessToken)
      expect(auth).toMatchObject({ ok: false, reason: 'expired', step: 'token.active' })
      expect(auth.ok ? '' : auth.detail).toMatch(/expired at .* \(virtual now /)
    } finally {
      gh.clock.advance(-120 * 60_000)
    }
  })

  it('unknown_app once the app is gone from the workspace', async () => {
    const issued = await issue(C2.key)
    const workspace = testWorkspace()
    workspace.apps = workspace.apps!.filter((a) => a.consumerKey !== C2.key)
    gh.engine.importWorkspace(workspace)
    expect(authenticateAccessToken(gh.engine, issued.accessToken)).toMatchObject({
      ok: false,
      reason: 'unknown_app',
      step: 'token.app',
    })
  })
})

describe('refreshTokenExpiresAt (the exp introspection reports)', () => {
  const grantCreatedAt = Date.UTC(2025, 0, 31, 12)
  const tokenCreatedAt = grantCreatedAt + 3_600_000
  const times = { grantCreatedAt, tokenCreatedAt, lastUsedAt: null }

  it('follows the app policy, with the refresh grant’s units (months as 30 days)', () => {
    expect(refreshTokenExpiresAt({ type: 'untilRevoked' }, times)).toBeNull()
    expect(refreshTokenExpiresAt({ type: 'immediatelyExpire' }, times)).toBe(tokenCreatedAt)
    // "Expire after" counts from the start of the grant, not from this token.
    expect(refreshTokenExpiresAt({ type: 'expireAfter', value: 3, unit: 'hours' }, times)).toBe(
      grantCreatedAt + 3 * 3_600_000,
    )
    expect(refreshTokenExpiresAt({ type: 'expireAfter', value: 1, unit: 'months' }, times)).toBe(
      grantCreatedAt + 30 * 86_400_000,
    )
  })

  it('"expire if not used for" counts from the last use, else from issue', () => {
    const policy = { type: 'expireIfNotUsedFor', value: 1, unit: 'days' } as const
    expect(refreshTokenExpiresAt(policy, times)).toBe(tokenCreatedAt + 86_400_000)
    const used = { ...times, lastUsedAt: tokenCreatedAt + 5_000 }
    expect(refreshTokenExpiresAt(policy, used)).toBe(tokenCreatedAt + 5_000 + 86_400_000)
  })

  it.each([
    { type: 'expireAfter', value: 2, unit: 'days' },
    { type: 'expireIfNotUsedFor', value: 3, unit: 'hours' },
    { type: 'expireAfter', value: 1, unit: 'months' },
  ] as const)('agrees with the refresh grant’s verdict at the boundary: %o', (policy) => {
    const end = refreshTokenExpiresAt(policy, times)!
    expect(evaluateRefreshPolicy(policy, { ...times, now: end - 1 }).usable).toBe(true)
    expect(evaluateRefreshPolicy(policy, { ...times, now: end }).usable).toBe(false)
  })
})
