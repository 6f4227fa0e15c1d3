import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'

// jsforce, configured as a user's integration would be, against the emulated org.
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(() => gh.close())

function oauth2() {
  return {
    loginUrl: gh.baseUrl,
    clientId: C1.key,
    clientSecret: C1.secret,
    redirectUri: C1.redirect,
  }
}

describe('jsforce against Gatehouse', () => {
  it('logs in with username-password and reads its identity and data', async () => {
    const conn = new jsforce.Connection({ oauth2: oauth2(), version: '62.0' })
    const info = await conn.login(USERS.ada, PASSWORD)
    const ada = gh.engine.store.workspace.findUserByUsername(USERS.ada)!
    expect(info.id).toBe(ada.id)
    expect(info.organizationId).toBe(gh.engine.org().id)
    expect(conn.instanceUrl).toBe(gh.baseUrl)

    const identity = await conn.identity()
    expect(identity.username).toBe(USERS.ada)
    const result = await conn.query<{ Name: string }>(
      "SELECT Name FROM User WHERE Username = 'ada@acme.test'",
    )
    expect(result.totalSize).toBe(1)
  })

  it('reports a wrong password the way jsforce reports Salesforce’s', async () => {
    const conn = new jsforce.Connection({ oauth2: oauth2(), version: '62.0' })
    await expect(conn.login(USERS.ada, 'wrong')).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    })
  })

  it('refreshes on its own after its access token is revoked', async () => {
    const engine = gh.engine
    const app = engine.store.workspace.findAppByConsumerKey(C1.key)!
    const user = engine.store.workspace.findUserByUsername(USERS.sam)!
    const issued = await engine.oauth.issuer.issue({
      app,
      user,
      scopes: ['api', 'refresh_token'],
      refreshToken: true,
      signature: true,
      issuedAt: true,
      idToken: false,
      flow: 'web_server',
    })
    if ('rotationLost' in issued) throw new Error('unexpected rotation race')

    const conn = new jsforce.Connection({
      oauth2: oauth2(),
      instanceUrl: gh.baseUrl,
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      version: '62.0',
    })
    const refreshed: string[] = []
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken))

    const revoke = await gh.fetch('/services/oauth2/revoke', {
      method: 'POST',
      body: form({ token: issued.accessToken }),
    })
    expect(revoke.status).toBe(200)

    const result = await conn.query('SELECT Id FROM Account')
    expect(result.done).toBe(true)
    expect(refreshed).toHaveLength(1)
    expect(conn.accessToken).toBe(refreshed[0])
    expect(conn.accessToken).not.toBe(issued.accessToken)
  })
})
