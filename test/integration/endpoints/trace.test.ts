import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExchangeTrace } from '../../../src/core/oauth/exchange-trace'
import { buildServer } from '../../../src/core/server'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, ORG_ID, USERS } from '../../support/workspace'
import { basic, issueTokens } from './support'

/**
 * What each request leaves in request.gatehouse for the recorder: who it was about and every
 * decision as a named step. A second server over the same engine, driven by inject(), lets
 * the test read the trace after each response.
 */
let gh: RunningGatehouse
let app: FastifyInstance
let last: ExchangeTrace | undefined

beforeAll(async () => {
  gh = await startGatehouse()
  const server = await buildServer(gh.engine, {
    host: '127.0.0.1',
    logger: false,
    uiDir: null,
    allowedHosts: [],
  })
  server.setPort(80)
  app = server.app
  app.addHook('onResponse', async (request) => {
    last = request.gatehouse
  })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await gh.close()
})

const steps = () => last!.log.steps.map((s) => `${s.name}:${s.outcome}`)
const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
})

const issue = (app = C1.key) =>
  issueTokens(gh.engine, { app, username: USERS.ada, scopes: ['api', 'openid', 'refresh_token'] })

describe('request.gatehouse', () => {
  it('userinfo: the token checks as steps, and who the request was about', async () => {
    const issued = await issue()
    const res = await app.inject({
      url: '/services/oauth2/userinfo',
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(res.statusCode).toBe(200)
    expect(steps()).toEqual([
      'token.read:passed',
      'token.lookup:passed',
      'token.active:passed',
      'token.app:passed',
      'user.active:passed',
      'client.ip:passed',
      'policy.ip:skipped',
      'policy.login_hours:skipped',
      'scope.identity:passed',
    ])
    expect(last).toMatchObject({
      appKey: C1.key,
      appName: C1.name,
      username: USERS.ada,
      grantId: issued.grantId,
    })
  })

  it('userinfo with a revoked token: token.active failed with Bad_OAuth_Token and why', async () => {
    const issued = await issue()
    gh.engine.oauth.store.revokeGrant(issued.grantId, gh.clock.now(), 'test')
    const res = await app.inject({
      url: '/services/oauth2/userinfo',
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(res.statusCode).toBe(403)
    const failed = last!.log.failed()!
    expect(failed).toMatchObject({
      name: 'token.active',
      error: { error: 'Bad_OAuth_Token', status: 403 },
    })
    expect(failed.detail).toMatch(/revoked at/)
  })

  it('introspect of a foreign token: client steps pass, token.owner fails without an error', async () => {
    const issued = await issue(C1.key)
    const res = await app.inject({
      method: 'POST',
      url: '/services/oauth2/introspect',
      ...form({ token: issued.accessToken }),
      headers: { ...form({}).headers, authorization: basic(C2.key, C2.secret) },
    })
    expect(res.json()).toEqual({ active: false })
    expect(steps()).toEqual([
      'client.lookup:passed',
      'client.secret:passed',
      'token.param:passed',
      'token.lookup:passed',
      'token.active:passed',
      'token.app:passed',
      'user.active:passed',
      'token.owner:failed',
    ])
    expect(last!.log.failed()!.error).toBeUndefined()
    expect(last).toMatchObject({ appKey: C2.key, appName: C2.name })
    expect(last!.grantId).toBeUndefined()
  })

  it('introspect with a wrong secret: client.secret failed with invalid_client', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/services/oauth2/introspect',
      ...form({ token: 'x', client_id: C1.key, client_secret: 'wrong' }),
    })
    expect(res.statusCode).toBe(401)
    expect(last!.log.failed()).toMatchObject({
      name: 'client.secret',
      error: { error: 'invalid_client', status: 401 },
    })
  })

  it('revoke of a refresh token: token.revoke names the grant', async () => {
    const issued = await issue()
    const res = await app.inject({
      method: 'POST',
      url: '/services/oauth2/revoke',
      ...form({ token: issued.refreshToken! }),
    })
    expect(res.statusCode).toBe(200)
    expect(steps()).toEqual([
      'client.lookup:skipped',
      'token.param:passed',
      'token.lookup:passed',
      'token.active:passed',
      'token.app:passed',
      'user.active:passed',
      'token.owner:passed',
      'token.revoke:passed',
    ])
    expect(last!.log.steps.at(-1)!.detail).toContain(issued.grantId)
    expect(last).toMatchObject({ appKey: C1.key, username: USERS.ada, grantId: issued.grantId })
  })

  it('identity URL for another user: token.owner failed with Bad_Id', async () => {
    const issued = await issue()
    const sam = gh.engine.store.workspace.findUserByUsername(USERS.sam)!
    const res = await app.inject({
      url: `/id/${ORG_ID}/${sam.id}`,
      headers: { authorization: `Bearer ${issued.accessToken}` },
    })
    expect(res.statusCode).toBe(404)
    expect(last!.log.failed()).toMatchObject({ name: 'token.owner', error: { error: 'Bad_Id' } })
  })
})
