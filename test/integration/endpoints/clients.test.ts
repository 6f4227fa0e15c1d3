import jsforce from 'jsforce'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, ORG_ID, USERS } from '../../support/workspace'
import { issueTokens } from './support'

/**
 * Real client libraries against the resource endpoints, with tokens issued straight from the
 * engine (the token endpoint is tested elsewhere).
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(async () => {
  await gh.close()
})

const issue = (app = C1.key) =>
  issueTokens(gh.engine, {
    app,
    username: USERS.ada,
    scopes: ['api', 'openid', 'id', 'refresh_token'],
  })

function configure(id: string, secret: string, auth?: client.ClientAuth) {
  return client.discovery(new URL(gh.baseUrl), id, secret, auth, {
    execute: [client.allowInsecureRequests],
  })
}

describe('openid-client v6', () => {
  it('discovers the server, reads userinfo, introspects and revokes', async () => {
    const config = await configure(C1.key, C1.secret)
    expect(config.serverMetadata().issuer).toBe(gh.baseUrl)
    const issued = await issue()

    const userinfo = await client.fetchUserInfo(config, issued.accessToken, issued.response.id)
    expect(userinfo).toMatchObject({
      sub: issued.response.id,
      preferred_username: USERS.ada,
      organization_id: ORG_ID,
    })

    const active = await client.tokenIntrospection(config, issued.accessToken)
    expect(active).toMatchObject({
      active: true,
      client_id: C1.key,
      token_type: 'access_token',
      sub: issued.response.id,
    })
    const refresh = await client.tokenIntrospection(config, issued.refreshToken!, {
      token_type_hint: 'refresh_token',
    })
    expect(refresh).toMatchObject({ active: true, token_type: 'refresh_token' })

    await client.tokenRevocation(config, issued.refreshToken!)
    expect(await client.tokenIntrospection(config, issued.accessToken)).toEqual({ active: false })
    await expect(
      client.fetchUserInfo(config, issued.accessToken, issued.response.id),
    ).rejects.toThrow()
  })

  it('introspects with client_secret_basic too', async () => {
    const config = await configure(C1.key, C1.secret, client.ClientSecretBasic(C1.secret))
    const issued = await issue()
    expect((await client.tokenIntrospection(config, issued.accessToken)).active).toBe(true)
  })

  it('another client sees {"active":false} and cannot revoke the token', async () => {
    const other = await configure(C2.key, C2.secret)
    const issued = await issue(C1.key)
    expect(await client.tokenIntrospection(other, issued.accessToken)).toEqual({ active: false })
    await expect(client.tokenRevocation(other, issued.accessToken)).rejects.toMatchObject({
      error: 'invalid_token',
    })
    const owner = await configure(C1.key, C1.secret)
    expect((await client.tokenIntrospection(owner, issued.accessToken)).active).toBe(true)
  })

  it('a wrong secret is rejected at introspection', async () => {
    const config = await configure(C1.key, 'wrong-secret')
    const issued = await issue()
    // A 401 with WWW-Authenticate reaches openid-client as a challenge error.
    const failure = await client.tokenIntrospection(config, issued.accessToken).catch((e) => e)
    expect(failure).toBeInstanceOf(client.WWWAuthenticateChallengeError)
    expect(failure).toMatchObject({ status: 401 })
    expect((failure as client.WWWAuthenticateChallengeError).cause[0]).toMatchObject({
      scheme: 'basic',
    })
  })
})

describe('jsforce', () => {
  it('Connection#identity reads the identity URL (format=json&oauth_token=…)', async () => {
    const issued = await issue()
    const conn = new jsforce.Connection({
      instanceUrl: issued.response.instance_url,
      accessToken: issued.accessToken,
    })
    const userId = issued.response.id.split('/').pop()!
    conn.userInfo = { id: userId, organizationId: ORG_ID, url: issued.response.id }
    const identity = await conn.identity()
    expect(identity).toMatchObject({
      id: issued.response.id,
      user_id: userId,
      organization_id: ORG_ID,
      username: USERS.ada,
      display_name: 'Ada Admin',
    })
  })

  it('OAuth2#revokeToken revokes, and reports an unknown token as invalid_token', async () => {
    const oauth2 = new jsforce.OAuth2({
      loginUrl: gh.baseUrl,
      clientId: C1.key,
      clientSecret: C1.secret,
      redirectUri: C1.redirect,
    })
    const issued = await issue()
    await oauth2.revokeToken(issued.refreshToken!)
    const config = await configure(C1.key, C1.secret)
    expect(await client.tokenIntrospection(config, issued.accessToken)).toEqual({ active: false })
    // jsforce parses revoke errors as urlencoded; a JSON body reaches it as ERROR_HTTP_400.
    await expect(oauth2.revokeToken('garbage')).rejects.toMatchObject({ name: 'ERROR_HTTP_400' })
  })
})
