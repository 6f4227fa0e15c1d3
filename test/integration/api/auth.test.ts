import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { accessToken, bearer, connection, startWithRecords, V } from './support'

/** The REST API's gate: reference §5.3, body for body. */

const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]

describe('REST authentication and its failures', () => {
  let gh: RunningGatehouse
  let token: string
  beforeAll(async () => {
    ;({ gh, token } = await startWithRecords())
    const ws = gh.engine.exportWorkspace() as ReturnType<typeof gh.engine.store.workspace.export>
    ws.users.push({
      ...ws.users[1]!,
      id: undefined as never,
      username: 'noapi@acme.test',
      email: 'noapi@acme.test',
      profile: 'No API',
    })
    gh.engine.importWorkspace(ws)
  })
  afterAll(() => gh.close())

  const get = (path: string, headers: Record<string, string> = {}) =>
    gh.fetch(V + path, { headers })

  it('answers 401 INVALID_SESSION_ID without a token, with an unknown one, or a malformed header', async () => {
    for (const headers of [{}, bearer('00D5g00000ABCDE!nope'), { authorization: 'Basic abc' }]) {
      const res = await get('/sobjects', headers)
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(INVALID_SESSION)
      expect(res.headers.get('sforce-limit-info')).toBeNull()
    }
  })

  it('accepts Salesforce’s own "OAuth <token>" scheme too', async () => {
    expect((await get('/limits', { authorization: `OAuth ${token}` })).status).toBe(200)
  })

  it('answers 401 once the token expires on the virtual clock', async () => {
    const shortLived = await accessToken(gh.engine)
    expect((await get('/limits', bearer(shortLived))).status).toBe(200)
    gh.clock.advance(121 * 60_000)
    try {
      const res = await get('/limits', bearer(shortLived))
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(INVALID_SESSION)
    } finally {
      gh.clock.advance(-121 * 60_000)
    }
  })

  it('answers 401 for a revoked token', async () => {
    const revoked = await accessToken(gh.engine)
    const res = await gh.fetch('/services/oauth2/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: revoked }),
    })
    expect(res.status).toBe(200)
    const after = await get('/limits', bearer(revoked))
    expect(after.status).toBe(401)
    expect(await after.json()).toEqual(INVALID_SESSION)
  })

  it('refuses a token without api or full for the REST API', async () => {
    const idOnly = await accessToken(gh.engine, { scopes: ['openid', 'id'] })
    const res = await get('/limits', bearer(idOnly))
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual([
      {
        message: 'This session is not valid for use with the REST API',
        errorCode: 'INVALID_SESSION_ID',
      },
    ])
    const full = await accessToken(gh.engine, { scopes: ['full'] })
    expect((await get('/limits', bearer(full))).status).toBe(200)
  })

  it('answers 403 API_DISABLED_FOR_ORG for a user whose profile lacks API Enabled', async () => {
    const noApi = await accessToken(gh.engine, { username: 'noapi@acme.test' })
    const res = await get('/sobjects', bearer(noApi))
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual([
      {
        message: 'The REST API is not enabled for this Organization.',
        errorCode: 'API_DISABLED_FOR_ORG',
      },
    ])
  })

  it('surfaces each failure in jsforce as an error named after the errorCode', async () => {
    const bad = connection(gh, '00D5g00000ABCDE!unknown')
    await expect(bad.query('SELECT Id FROM Account')).rejects.toMatchObject({
      name: 'INVALID_SESSION_ID',
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    })
    const noScope = connection(gh, await accessToken(gh.engine, { scopes: ['id'] }))
    await expect(noScope.query('SELECT Id FROM Account')).rejects.toMatchObject({
      name: 'INVALID_SESSION_ID',
      message: 'This session is not valid for use with the REST API',
    })
    const noApi = connection(gh, await accessToken(gh.engine, { username: 'noapi@acme.test' }))
    await expect(noApi.sobject('Account').describe()).rejects.toMatchObject({
      name: 'API_DISABLED_FOR_ORG',
    })
  })

  it('answers 404 NOT_FOUND for a version Gatehouse does not serve, before asking for a token', async () => {
    for (const path of [
      '/services/data/v99.0/sobjects',
      '/services/data/v30.0/',
      '/services/data/latest/limits',
    ]) {
      const res = await gh.fetch(path)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual([
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ])
    }
  })

  it('works for every app and user the token names (another app, another user)', async () => {
    const other = await accessToken(gh.engine, { app: C1.key, username: USERS.sam })
    expect((await get('/limits', bearer(other))).status).toBe(200)
  })
})
