import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, P1, testWorkspace } from '../../support/workspace'
import { newExchangeTrace } from '../../../src/core/oauth/exchange-trace'
import { readAuthorizeParams } from '../../../src/core/oauth/authorize/request'
import { validateAuthorizeRequest } from '../../../src/core/oauth/authorize/validate'
import { AUTHORIZE, authorizePath, locationOf, responseParams } from './support'

/**
 * The authorization endpoint's refusals, before anyone logs in: the plain pages for an
 * unknown client or unverified redirect URI (no redirect), and the error redirects once the
 * redirect URI is verified (reference §3; security cases 1, 2, 5, 6, 20, 21).
 */
const PKCE_APP = {
  name: 'Pkce Required',
  key: '3MVG9PR.pkce.required.confidential.consumer.key',
  redirect: 'https://pkce.test/cb',
}
const BLOCKED_APP = {
  name: 'Blocked App',
  key: '3MVG9BL.blocked.app.consumer.key.for.the.tests',
  redirect: 'https://blocked.test/cb',
}
const QUERY_APP = {
  name: 'Query Callback',
  key: '3MVG9QC.query.callback.consumer.key.for.tests',
  redirect: 'https://query.test/cb?tenant=a%20b&x=1',
}

function workspace() {
  const ws = testWorkspace()
  ws.apps!.push(
    {
      kind: 'connectedApp',
      name: PKCE_APP.name,
      consumerKey: PKCE_APP.key,
      callbackUrls: [PKCE_APP.redirect],
      scopes: ['api'],
      requirePkce: true,
    },
    {
      kind: 'connectedApp',
      name: BLOCKED_APP.name,
      consumerKey: BLOCKED_APP.key,
      callbackUrls: [BLOCKED_APP.redirect],
      scopes: ['api'],
      policies: { blocked: true },
    },
    {
      kind: 'connectedApp',
      name: QUERY_APP.name,
      consumerKey: QUERY_APP.key,
      callbackUrls: [QUERY_APP.redirect],
      scopes: ['api'],
    },
  )
  return ws
}

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

describe('authorize: request errors', () => {
  let gh: RunningGatehouse

  beforeAll(async () => {
    gh = await startGatehouse({ workspace: workspace() })
  })
  afterAll(async () => {
    await gh?.close()
  })

  const c1 = (extra: Record<string, string | undefined> = {}) =>
    authorizePath({ response_type: 'code', client_id: C1.key, redirect_uri: C1.redirect, ...extra })

  async function expectPlainPage(path: string, body: string) {
    const res = await gh.fetch(path)
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await res.text()).toBe(body)
  }

  async function expectErrorRedirect(
    path: string,
    redirectUri: string,
    error: string,
    description: string,
    init?: RequestInit,
  ): Promise<Record<string, string>> {
    const res = await gh.fetch(path, init)
    expect(res.status).toBe(init?.method === 'POST' ? 303 : 302)
    const location = res.headers.get('location')!
    expect(location.startsWith(redirectUri + (redirectUri.includes('?') ? '&' : '?'))).toBe(true)
    const params = responseParams(locationOf(gh, res))
    expect(params.error).toBe(error)
    expect(params.error_description).toBe(description)
    expect(params.iss).toBe(gh.baseUrl)
    expect(params.code).toBeUndefined()
    return params
  }

  const INVALID_CLIENT = 'error=invalid_client_id&error_description=client%20identifier%20invalid'
  const MISMATCH =
    'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration'
  const MISSING = 'error=redirect_uri_missing&error_description=redirect_uri%20must%20be%20provided'

  it('unknown or missing client_id: plain-text page, no redirect (case 2)', async () => {
    await expectPlainPage(c1({ client_id: '3MVG9.unknown' }), INVALID_CLIENT)
    await expectPlainPage(c1({ client_id: undefined }), INVALID_CLIENT)
    await expectPlainPage(c1({ client_id: '' }), INVALID_CLIENT)
  })

  it('missing redirect_uri (the app has two): plain-text page, no redirect (case 2)', async () => {
    await expectPlainPage(c1({ redirect_uri: undefined }), MISSING)
  })

  it('refuses every redirect_uri that is not byte-identical to a registered one (case 1)', async () => {
    const variants = [
      'https://app.test/cb/',
      'https://APP.test/cb',
      'https://app.test/CB',
      'https://app.test/cb?x=1',
      'https://app.test/cb/../x',
      'https://app.test/cb/../cb',
      'https://app.test.evil.com/cb',
      'https://app.test/cb#f',
      'https://app.test/%63b',
      'https://app.test%2Fcb',
      'https://app.test:443/cb',
      'http://app.test/cb',
      ' https://app.test/cb',
    ]
    for (const redirect_uri of variants) await expectPlainPage(c1({ redirect_uri }), MISMATCH)
  })

  it('accepts the second registered callback URL too', async () => {
    const res = await gh.fetch(c1({ redirect_uri: 'http://localhost:3000/oauth/callback' }))
    expect(res.status).toBe(200)
  })

  it('a client and redirect check come before everything else: bad response_type with a bad redirect is not redirected', async () => {
    await expectPlainPage(
      c1({ response_type: 'xyz', redirect_uri: 'https://evil.example/cb' }),
      MISMATCH,
    )
  })

  it('unsupported response_type: error redirect with state echoed byte-exactly and iss (cases 5, 6)', async () => {
    const state = 'a b+c&d=e/é%20?#!'
    const params = await expectErrorRedirect(
      c1({ response_type: 'xyz', state }),
      C1.redirect,
      'unsupported_response_type',
      'response type not supported',
    )
    expect(params.state).toBe(state)
    await expectErrorRedirect(
      c1({ response_type: undefined }),
      C1.redirect,
      'unsupported_response_type',
      'response type not supported',
    )
  })

  it('scope not selected on the app: invalid_scope redirect with state and iss (case 5)', async () => {
    const params = await expectErrorRedirect(
      c1({ scope: 'api bogus', state: 'xyz' }),
      C1.redirect,
      'invalid_scope',
      'the requested scope is not allowed',
    )
    expect(params.state).toBe('xyz')
  })

  it('an empty state is echoed; no state means no state parameter', async () => {
    const withEmpty = await gh.fetch(c1({ scope: 'bogus', state: '' }))
    expect(locationOf(gh, withEmpty).searchParams.has('state')).toBe(true)
    expect(locationOf(gh, withEmpty).searchParams.get('state')).toBe('')
    const without = await gh.fetch(c1({ scope: 'bogus' }))
    expect(locationOf(gh, without).searchParams.has('state')).toBe(false)
  })

  it('blocked app: OAUTH_APP_BLOCKED redirect', async () => {
    await expectErrorRedirect(
      authorizePath({
        response_type: 'code',
        client_id: BLOCKED_APP.key,
        redirect_uri: BLOCKED_APP.redirect,
      }),
      BLOCKED_APP.redirect,
      'OAUTH_APP_BLOCKED',
      'this app is blocked by admin',
    )
  })

  it('POST to the authorize endpoint: invalid_request / must use HTTP GET, 303', async () => {
    await expectErrorRedirect(AUTHORIZE, C1.redirect, 'invalid_request', 'must use HTTP GET', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: C1.key,
        redirect_uri: C1.redirect,
      }),
    })
  })

  it('public client (P1) or "Require PKCE" without a code_challenge: invalid_request (case 20)', async () => {
    await expectErrorRedirect(
      authorizePath({
        response_type: 'code',
        client_id: P1.key,
        redirect_uri: P1.redirect,
        state: 's1',
      }),
      P1.redirect,
      'invalid_request',
      'missing required code challenge',
    )
    await expectErrorRedirect(
      authorizePath({
        response_type: 'code',
        client_id: PKCE_APP.key,
        redirect_uri: PKCE_APP.redirect,
      }),
      PKCE_APP.redirect,
      'invalid_request',
      'missing required code challenge',
    )
  })

  it('PKCE syntax: plain method, short, long or non-base64url challenge are invalid_request (case 21)', async () => {
    const p1 = (extra: Record<string, string>) =>
      authorizePath({
        response_type: 'code',
        client_id: P1.key,
        redirect_uri: P1.redirect,
        ...extra,
      })
    await expectErrorRedirect(
      p1({ code_challenge: CHALLENGE, code_challenge_method: 'plain' }),
      P1.redirect,
      'invalid_request',
      'unsupported code challenge method',
    )
    for (const code_challenge of [
      CHALLENGE.slice(0, 42),
      CHALLENGE + 'A',
      CHALLENGE.slice(0, 42) + '+',
      CHALLENGE.slice(0, 42) + '=',
    ]) {
      await expectErrorRedirect(
        p1({ code_challenge }),
        P1.redirect,
        'invalid_request',
        'invalid code challenge',
      )
    }
    await expectErrorRedirect(
      p1({ code_challenge_method: 'S256' }),
      P1.redirect,
      'invalid_request',
      'missing required code challenge',
    )
  })

  it('a valid S256 challenge, with or without the method, reaches the login page', async () => {
    for (const extra of [
      { code_challenge: CHALLENGE },
      { code_challenge: CHALLENGE, code_challenge_method: 'S256' },
    ]) {
      const res = await gh.fetch(
        authorizePath({
          response_type: 'code',
          client_id: P1.key,
          redirect_uri: P1.redirect,
          ...extra,
        }),
      )
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('id="username"')
    }
  })

  it('prompt=none cannot be combined with other prompts', async () => {
    await expectErrorRedirect(
      c1({ prompt: 'none login' }),
      C1.redirect,
      'invalid_request',
      'prompt none cannot be combined with other values',
    )
  })

  it('a redirect_uri with its own query keeps it exactly and gets the response appended', async () => {
    const res = await gh.fetch(
      authorizePath({
        response_type: 'xyz',
        client_id: QUERY_APP.key,
        redirect_uri: QUERY_APP.redirect,
        state: 's',
      }),
    )
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location.startsWith(`${QUERY_APP.redirect}&error=unsupported_response_type&`)).toBe(true)
    const url = new URL(location)
    expect(url.searchParams.get('tenant')).toBe('a b')
    expect(url.searchParams.get('state')).toBe('s')
  })

  it('a repeated parameter is refused on our own error page, never redirected', async () => {
    const res = await gh.fetch(`${c1()}&state=a&state=b`)
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('invalid_request')
    expect(html).toContain('duplicate parameter: state')
  })

  it('runs the checks as named steps in order and fills in the trace', async () => {
    const trace = newExchangeTrace()
    const params = new Map(
      Object.entries({
        response_type: 'code',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'api bogus',
      }),
    )
    const outcome = await validateAuthorizeRequest({
      engine: gh.engine,
      trace,
      method: 'GET',
      params: readAuthorizeParams(params),
      raw: Object.fromEntries(params),
    })
    expect(outcome.kind).toBe('redirect-error')
    expect(trace.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['client.lookup', 'passed'],
      ['redirect_uri.match', 'passed'],
      ['request.method', 'passed'],
      ['response_type.supported', 'passed'],
      ['app.blocked', 'passed'],
      ['scope.allowed', 'failed'],
    ])
    expect(trace.log.failed()?.detail).toContain('bogus')
    expect(trace.appKey).toBe(C1.key)
    expect(trace.appName).toBe(C1.name)
  })

  it('explains a redirect_uri mismatch in the trace', async () => {
    const trace = newExchangeTrace()
    const params = new Map(
      Object.entries({
        response_type: 'code',
        client_id: C1.key,
        redirect_uri: 'https://app.test/cb/',
      }),
    )
    await validateAuthorizeRequest({
      engine: gh.engine,
      trace,
      method: 'GET',
      params: readAuthorizeParams(params),
      raw: {},
    })
    const failed = trace.log.failed()
    expect(failed?.name).toBe('redirect_uri.match')
    expect(failed?.detail).toContain('trailing slash')
  })
})
