import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { BrowserClient, locationOf, loginAndContinue, submitConsent } from '../authorize/support'

// A standard OIDC relying party (openid-client v6) against the emulated org, end to end:
// discovery, authorization code with PKCE and nonce, id_token verification, userinfo,
// refresh, introspection and revocation — nothing Salesforce-specific in the client.
let gh: RunningGatehouse
let config: client.Configuration

beforeAll(async () => {
  gh = await startGatehouse()
  config = await client.discovery(
    new URL(gh.baseUrl),
    C1.key,
    C1.secret,
    client.ClientSecretPost(C1.secret),
    {
      execute: [client.allowInsecureRequests],
    },
  )
})
afterAll(() => gh.close())

/** Runs the browser part: login as ada, approve, and return the callback URL. */
async function authorize(params: Record<string, string>): Promise<URL> {
  const url = client.buildAuthorizationUrl(config, params)
  const browser = new BrowserClient(gh)
  let response = await loginAndContinue(
    gh,
    browser,
    Object.fromEntries(url.searchParams),
    USERS.ada,
  )
  if (response.status === 200) response = await submitConsent(browser, response, 'approve')
  return locationOf(gh, response)
}

describe('openid-client against Gatehouse', () => {
  it('discovers the issuer and the endpoints', () => {
    const meta = config.serverMetadata()
    expect(meta.issuer).toBe(gh.baseUrl)
    expect(meta.token_endpoint).toBe(`${gh.baseUrl}/services/oauth2/token`)
    expect(meta.code_challenge_methods_supported).toEqual(['S256'])
  })

  it('runs the authorization code flow with PKCE and nonce, verifying the id_token', async () => {
    const verifier = client.randomPKCECodeVerifier()
    const nonce = client.randomNonce()
    const state = client.randomState()
    const callback = await authorize({
      redirect_uri: C1.redirect,
      scope: 'openid api refresh_token profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    })
    expect(callback.origin + callback.pathname).toBe(C1.redirect)

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    })
    const claims = tokens.claims()!
    const org = gh.engine.org()
    const ada = gh.engine.store.workspace.findUserByUsername(USERS.ada)!
    expect(claims.iss).toBe(gh.baseUrl)
    expect(claims.aud).toBe(C1.key)
    expect(claims.sub).toBe(`${gh.baseUrl}/id/${org.id}/${ada.id}`)
    expect(claims.nonce).toBe(nonce)
    expect(tokens.refresh_token).toBeTruthy()
    expect(tokens.access_token).toMatch(/^00D\w{12}!/)

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
    expect(userinfo.preferred_username).toBe(USERS.ada)
    expect(userinfo.email).toBe(USERS.ada)

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.access_token).not.toBe(tokens.access_token)
    // Salesforce returns no new refresh token unless rotation is on.
    expect(refreshed.refresh_token).toBeUndefined()

    const active = await client.tokenIntrospection(config, refreshed.access_token)
    expect(active.active).toBe(true)
    expect(active.client_id).toBe(C1.key)
    expect(active.username).toBe(USERS.ada)

    await client.tokenRevocation(config, tokens.refresh_token!)
    expect(await client.tokenIntrospection(config, refreshed.access_token)).toEqual({
      active: false,
    })
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    })
  })

  it('reports a denied consent as access_denied with the state', async () => {
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: C1.redirect,
      scope: 'api',
      state,
      prompt: 'consent',
    })
    const browser = new BrowserClient(gh)
    const consent = await loginAndContinue(
      gh,
      browser,
      Object.fromEntries(url.searchParams),
      USERS.sam,
    )
    const denied = locationOf(gh, await submitConsent(browser, consent, 'deny'))
    expect(denied.searchParams.get('error')).toBe('access_denied')
    expect(denied.searchParams.get('error_description')).toBe('end-user denied authorization')
    expect(denied.searchParams.get('state')).toBe(state)
    expect(denied.searchParams.get('iss')).toBe(gh.baseUrl)
  })
})
