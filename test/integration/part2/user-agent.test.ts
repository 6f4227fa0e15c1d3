import { createHmac } from 'node:crypto'
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, P1, USERS } from '../../support/workspace'
import { BrowserClient, authorizePath, loginAndContinue, submitConsent } from '../authorize/support'
import { part2Workspace } from './support'

/**
 * The user-agent (implicit) flow (reference §3, §4.2; security case 37): response_type=token
 * and `token id_token`, the tokens in the redirect's fragment, parsed here as a browser
 * client does (jsforce's browser client reads `location.hash` and sends
 * `state=<prefix>.popup.<rand>`).
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: part2Workspace() })
})
afterAll(async () => {
  await gh.close()
})

const STATE = 'jsforce0.popup.k3x9q2'

/** What a browser client does with the redirect: take the hash and form-decode it. */
function fragmentOf(location: string): { raw: string; params: URLSearchParams; base: string } {
  const hash = location.indexOf('#')
  expect(hash).toBeGreaterThan(0)
  const raw = location.slice(hash + 1)
  return { raw, params: new URLSearchParams(raw), base: location.slice(0, hash) }
}

async function authorizeWithConsent(
  params: Record<string, string | undefined>,
  username: string = USERS.ada,
): Promise<Response> {
  const client = new BrowserClient(gh)
  const afterLogin = await loginAndContinue(gh, client, params, username)
  if (afterLogin.status !== 200) return afterLogin
  return submitConsent(client, afterLogin, 'approve')
}

describe('response_type=token', () => {
  it("puts Salesforce's fields in the fragment, form-encoded: + for spaces, %21 for !", async () => {
    const res = await authorizeWithConsent({
      response_type: 'token',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'id api refresh_token',
      state: STATE,
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const location = res.headers.get('location')!
    const { raw, params, base } = fragmentOf(location)
    expect(base).toBe(C1.redirect)
    expect([...params.keys()]).toEqual([
      'access_token',
      'refresh_token',
      'instance_url',
      'id',
      'issued_at',
      'signature',
      'scope',
      'token_type',
      'state',
      'iss',
    ])
    expect(raw).toContain('&scope=id+api+refresh_token&')
    expect(raw).toMatch(/^access_token=00D5g00000ABCDE%21/)
    expect(params.get('token_type')).toBe('Bearer')
    expect(params.get('state')).toBe(STATE)
    expect(params.get('iss')).toBe(gh.baseUrl)
    expect(params.get('instance_url')).toBe(gh.baseUrl)

    // signature = Base64(HMAC-SHA256(consumer secret, id + issued_at)), reference §2.1.
    const expected = createHmac('sha256', C1.secret)
      .update(params.get('id')! + params.get('issued_at')!)
      .digest('base64')
    expect(params.get('signature')).toBe(expected)

    // The access token works where a browser app uses it.
    const userinfo = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `Bearer ${params.get('access_token')}` },
    })
    expect(userinfo.status).toBe(200)
  })

  it('no refresh token unless the scope allows one', async () => {
    const res = await authorizeWithConsent({
      response_type: 'token',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'api id',
      state: 's',
    })
    const { params } = fragmentOf(res.headers.get('location')!)
    expect(params.has('access_token')).toBe(true)
    expect(params.has('refresh_token')).toBe(false)
  })

  it('a remembered approval answers the GET itself (302) with the tokens', async () => {
    const client = new BrowserClient(gh)
    const params = {
      response_type: 'token',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'api',
      state: 'again',
    }
    const consent = await loginAndContinue(gh, client, params, USERS.sam)
    await submitConsent(client, consent, 'approve')
    const res = await client.get(authorizePath(params))
    expect(res.status).toBe(302)
    expect(fragmentOf(res.headers.get('location')!).params.get('state')).toBe('again')
  })

  it('PKCE does not apply: a Require-PKCE app gets tokens without a challenge', async () => {
    const res = await authorizeWithConsent({
      response_type: 'token',
      client_id: P1.key,
      redirect_uri: P1.redirect,
      scope: 'api',
    })
    expect(res.status).toBe(303)
    expect(fragmentOf(res.headers.get('location')!).params.has('access_token')).toBe(true)
  })
})

describe('response_type=token id_token', () => {
  it('adds an id_token with the nonce echoed and at_hash, verifiable against /id/keys', async () => {
    const res = await authorizeWithConsent({
      response_type: 'token id_token',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'openid api',
      nonce: 'n-0S6_WzA2Mj',
      state: STATE,
    })
    const { params } = fragmentOf(res.headers.get('location')!)
    expect([...params.keys()]).toEqual([
      'access_token',
      'instance_url',
      'id',
      'issued_at',
      'signature',
      'scope',
      'id_token',
      'token_type',
      'state',
      'iss',
    ])
    const jwks = (await (await gh.fetch('/id/keys')).json()) as JSONWebKeySet
    const { payload } = await jwtVerify(params.get('id_token')!, createLocalJWKSet(jwks), {
      issuer: gh.baseUrl,
      audience: C1.key,
      algorithms: ['RS256'],
      currentDate: new Date(gh.clock.now()),
    })
    expect(payload.nonce).toBe('n-0S6_WzA2Mj')
    expect(payload.sub).toBe(params.get('id'))
    expect(typeof payload.at_hash).toBe('string')
  })

  it('`id_token token` (the other order) is the same response type', async () => {
    const res = await authorizeWithConsent({
      response_type: 'id_token token',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'openid',
      nonce: 'n',
    })
    expect(fragmentOf(res.headers.get('location')!).params.has('id_token')).toBe(true)
  })

  it('without a nonce: invalid_request in the fragment, and no token at all (case 37)', async () => {
    const res = await gh.fetch(
      authorizePath({
        response_type: 'token id_token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'openid api',
        state: STATE,
      }),
    )
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toBe(
      `${C1.redirect}#error=invalid_request&error_description=missing+required+nonce&state=${encodeURIComponent(STATE)}&iss=${encodeURIComponent(gh.baseUrl)}`,
    )
  })

  it('without the openid scope: invalid_request in the fragment', async () => {
    const res = await gh.fetch(
      authorizePath({
        response_type: 'token id_token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'api',
        nonce: 'n',
      }),
    )
    const { params } = fragmentOf(res.headers.get('location')!)
    expect(params.get('error')).toBe('invalid_request')
    expect(params.get('error_description')).toBe('missing required openid scope')
  })
})

describe('user-agent flow errors go in the fragment (reference §3)', () => {
  it('a scope the app does not have', async () => {
    const res = await gh.fetch(
      authorizePath({
        response_type: 'token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'api full',
        state: 'st',
      }),
    )
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toBe(
      `${C1.redirect}#error=invalid_scope&error_description=the+requested+scope+is+not+allowed&state=st&iss=${encodeURIComponent(gh.baseUrl)}`,
    )
    expect(new URL(location).search).toBe('')
  })

  it('Deny', async () => {
    const client = new BrowserClient(gh)
    const consent = await loginAndContinue(
      gh,
      client,
      {
        response_type: 'token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        prompt: 'consent',
        state: 'd',
      },
      USERS.ada,
    )
    const res = await submitConsent(client, consent, 'deny')
    expect(res.status).toBe(303)
    const { params } = fragmentOf(res.headers.get('location')!)
    expect(Object.fromEntries(params)).toEqual({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
      state: 'd',
      iss: gh.baseUrl,
    })
  })

  it('prompt=none without a session: login_required in the fragment', async () => {
    const res = await gh.fetch(
      authorizePath({
        response_type: 'token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        prompt: 'none',
      }),
    )
    expect(fragmentOf(res.headers.get('location')!).params.get('error')).toBe('login_required')
  })

  it('an unsupported response type still answers in the query (the mode is not known)', async () => {
    const res = await gh.fetch(
      authorizePath({ response_type: 'token code', client_id: C1.key, redirect_uri: C1.redirect }),
    )
    const location = new URL(res.headers.get('location')!)
    expect(location.searchParams.get('error')).toBe('unsupported_response_type')
    expect(location.hash).toBe('')
  })
})
