import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../../src/core/paths'
import { sha256Hex } from '../../../src/core/tokens/random'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { AA, C1, C2, P1, USERS } from '../../support/workspace'
import {
  BrowserClient,
  CONSENT,
  authorizePath,
  hiddenFields,
  localPath,
  locationOf,
  loginAndContinue,
  pkcePair,
  responseParams,
  submitConsent,
} from './support'

describe('authorize: consent and code issuance', () => {
  let gh: RunningGatehouse
  let client: BrowserClient

  // A fresh org per test: consent is remembered per user and app, so tests must not share it.
  beforeEach(async () => {
    gh = await startGatehouse()
    client = new BrowserClient(gh)
  })
  afterEach(async () => {
    await gh?.close()
  })

  const params = (extra: Record<string, string | undefined> = {}) => ({
    response_type: 'code',
    client_id: C1.key,
    redirect_uri: C1.redirect,
    state: 'state-1',
    ...extra,
  })

  /** Reads the code row the way a token endpoint would: by the digest of the code. */
  function codeRow(code: string): Record<string, unknown> | undefined {
    const db = new Database(join(gh.dataDir, DATABASE_FILE), {
      readonly: true,
      fileMustExist: true,
    })
    try {
      return db.prepare('SELECT * FROM auth_codes WHERE code_hash = ?').get(sha256Hex(code)) as
        Record<string, unknown> | undefined
    } finally {
      db.close()
    }
  }

  it('shows the consent page: app, scopes in plain words, the user, Allow and Deny', async () => {
    const res = await loginAndContinue(
      gh,
      client,
      params({ scope: 'api refresh_token openid id profile web' }),
      USERS.ada,
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Allow access?')
    expect(html).toContain(C1.name)
    for (const text of [
      'Manage user data via APIs',
      'Perform requests at any time',
      'Access unique user identifiers',
      'Access the identity URL service',
      'Manage user data via Web browsers',
    ]) {
      expect(html).toContain(text)
    }
    // id and profile are synonyms: one line.
    expect(html.split('Access the identity URL service').length).toBe(2)
    expect(html).toContain('Ada Admin')
    expect(html).toContain(USERS.ada)
    expect(html).toMatch(/id="oaapprove"[^>]*>\s*Allow\s*</)
    expect(html).toMatch(/id="oadeny"[^>]*>\s*Deny\s*</)
    expect(html).not.toMatch(/<script/i)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('Allow: 303 to the client with a code, state and iss; the code is stored hashed with its bindings', async () => {
    const { challenge } = pkcePair()
    const consent = await loginAndContinue(
      gh,
      client,
      params({
        scope: 'api refresh_token',
        state: 'é &x=1',
        code_challenge: challenge,
        nonce: 'n-1',
      }),
      USERS.ada,
    )
    const before = gh.clock.now()
    const res = await submitConsent(client, consent, 'approve')
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location.startsWith(`${C1.redirect}?code=aPrx`)).toBe(true)
    const response = responseParams(new URL(location))
    expect(Object.keys(response)).toEqual(['code', 'state', 'iss'])
    expect(response.state).toBe('é &x=1')
    expect(response.iss).toBe(gh.baseUrl)

    const row = codeRow(response.code!)
    expect(row).toMatchObject({
      app_key: C1.key,
      redirect_uri: C1.redirect,
      scopes: 'api refresh_token',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: 'n-1',
      used_at: null,
    })
    const user = gh.engine.store.workspace.findUserByUsername(USERS.ada)!
    expect(row!.user_id).toBe(user.id)
    expect(row!.expires_at as number).toBeGreaterThanOrEqual(before + 15 * 60 * 1000)
    expect(row!.expires_at as number).toBeLessThan(before + 16 * 60 * 1000)

    // Stored as a digest only: the raw code is in no table of the authorization server.
    // (The trace tables keep exchanges as they were, on purpose: DESIGN.md, "Secrets".)
    const db = new Database(join(gh.dataDir, DATABASE_FILE), { readonly: true })
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'trace_%'")
        .all() as Array<{ name: string }>
      expect(tables.map((t) => t.name)).toContain('auth_codes')
      for (const { name } of tables) {
        const rows = db.prepare(`SELECT * FROM "${name}"`).all()
        expect(JSON.stringify(rows).includes(response.code!), `table ${name}`).toBe(false)
      }
    } finally {
      db.close()
    }
  })

  it('a code issued without PKCE stores no challenge', async () => {
    const consent = await loginAndContinue(
      gh,
      client,
      params({ client_id: C2.key, redirect_uri: C2.redirect }),
      USERS.sam,
    )
    const res = await submitConsent(client, consent, 'approve')
    const { code } = responseParams(locationOf(gh, res))
    expect(codeRow(code!)).toMatchObject({
      code_challenge: null,
      code_challenge_method: null,
      nonce: null,
      scopes: 'api refresh_token openid',
    })
  })

  it('Deny: access_denied / end-user denied authorization, no code (case 12)', async () => {
    const consent = await loginAndContinue(gh, client, params({ state: 'deny me' }), USERS.sam)
    const res = await submitConsent(client, consent, 'deny')
    expect(res.status).toBe(303)
    expect(responseParams(locationOf(gh, res))).toEqual({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
      state: 'deny me',
      iss: gh.baseUrl,
    })
  })

  it('consent CSRF: missing or wrong token, or a foreign Origin, is 403 and no code (case 11)', async () => {
    const consent = await loginAndContinue(gh, client, params(), USERS.sam)
    const { request_id, csrf } = hiddenFields(await consent.text())
    const attempts: Array<[Record<string, string | undefined>, Record<string, string>]> = [
      [{ request_id, decision: 'approve' }, {}],
      [{ request_id, csrf: csrf.slice(0, -2) + 'xx', decision: 'approve' }, {}],
      [{ request_id, csrf, decision: 'approve' }, { origin: 'https://evil.example' }],
      [{ request_id, csrf, decision: 'approve' }, { 'sec-fetch-site': 'cross-site' }],
    ]
    for (const [fields, headers] of attempts) {
      const res = await client.post(CONSENT, fields, headers)
      expect(res.status).toBe(403)
      expect(res.headers.get('location')).toBeNull()
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(await res.text()).toContain('This form can&#39;t be accepted')
    }
    // Another browser (no session) with the right token is refused too.
    const stranger = await new BrowserClient(gh).post(CONSENT, {
      request_id,
      csrf,
      decision: 'approve',
    })
    expect(stranger.status).toBe(403)
    // The genuine form still works afterwards: nothing above consumed the request.
    const ok = await client.post(
      CONSENT,
      { request_id, csrf, decision: 'approve' },
      { origin: gh.baseUrl },
    )
    expect(ok.status).toBe(303)
    expect(responseParams(locationOf(gh, ok)).code).toBeDefined()
  })

  it('Origin "null" (a no-referrer page posting its form) is accepted with the right token', async () => {
    const consent = await loginAndContinue(gh, client, params(), USERS.sam)
    const { request_id, csrf } = hiddenFields(await consent.text())
    const res = await client.post(
      CONSENT,
      { request_id, csrf, decision: 'approve' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    )
    expect(res.status).toBe(303)
  })

  it('a double submit mints one code: the second post finds the request completed', async () => {
    const consent = await loginAndContinue(gh, client, params(), USERS.sam)
    const { request_id, csrf } = hiddenFields(await consent.text())
    const [a, b] = await Promise.all([
      client.post(CONSENT, { request_id, csrf, decision: 'approve' }),
      client.post(CONSENT, { request_id, csrf, decision: 'approve' }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([303, 400])
    const again = await client.post(CONSENT, { request_id, csrf, decision: 'approve' })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('This login request has expired')
  })

  it('remembers consent: the next authorization skips the page; prompt=consent forces it', async () => {
    const consent = await loginAndContinue(gh, client, params({ scope: 'api' }), USERS.ada)
    expect((await submitConsent(client, consent, 'approve')).status).toBe(303)

    const second = await client.get(authorizePath(params({ scope: 'api', state: 'two' })))
    expect(second.status).toBe(302)
    const secondParams = responseParams(locationOf(gh, second))
    expect(secondParams.code).toBeDefined()
    expect(secondParams.state).toBe('two')

    const forced = await client.get(authorizePath(params({ scope: 'api', prompt: 'consent' })))
    expect(forced.status).toBe(200)
    expect(await forced.text()).toContain('id="oaapprove"')

    // A wider request than the one approved asks again.
    const wider = await client.get(authorizePath(params({ scope: 'api web' })))
    expect(wider.status).toBe(200)
    expect(await wider.text()).toContain('id="oaapprove"')
  })

  it('immediate=true with a session and earlier consent gets a code; without consent, immediate_unsuccessful', async () => {
    const consent = await loginAndContinue(gh, client, params({ scope: 'openid' }), USERS.ada)
    await submitConsent(client, consent, 'approve')
    const ok = await client.get(authorizePath(params({ scope: 'openid', immediate: 'true' })))
    expect(responseParams(locationOf(gh, ok)).code).toBeDefined()

    const needsConsent = await client.get(
      authorizePath(params({ scope: 'openid web', immediate: 'true' })),
    )
    expect(responseParams(locationOf(gh, needsConsent)).error).toBe('immediate_unsuccessful')

    const noneConsent = await client.get(
      authorizePath(params({ scope: 'openid web', prompt: 'none' })),
    )
    expect(responseParams(locationOf(gh, noneConsent))).toMatchObject({ error: 'consent_required' })
  })

  it('admin-approved app: a pre-authorized System Administrator gets a code without consent', async () => {
    const res = await loginAndContinue(
      gh,
      client,
      { response_type: 'code', client_id: AA.key, redirect_uri: AA.redirect, state: 'aa' },
      USERS.ada,
    )
    expect(res.status).toBe(302)
    const response = responseParams(locationOf(gh, res))
    expect(response.code).toBeDefined()
    expect(response.state).toBe('aa')
  })

  it('admin-approved app: a user who is not pre-authorized gets OAUTH_APP_ACCESS_DENIED', async () => {
    const res = await loginAndContinue(
      gh,
      client,
      { response_type: 'code', client_id: AA.key, redirect_uri: AA.redirect, state: 'aa' },
      USERS.sam,
    )
    expect(res.status).toBe(302)
    expect(responseParams(locationOf(gh, res))).toEqual({
      error: 'OAUTH_APP_ACCESS_DENIED',
      error_description: 'user is not admin approved to access this app',
      state: 'aa',
      iss: gh.baseUrl,
    })
  })

  it('the continue link is single use once the request completed', async () => {
    const page = await client.get(
      authorizePath({ response_type: 'code', client_id: AA.key, redirect_uri: AA.redirect }),
    )
    const { request_id, csrf } = hiddenFields(await page.text())
    const login = await client.post('/services/oauth2/authorize/login', {
      request_id,
      csrf,
      username: USERS.ada,
      password: 'Passw0rd!',
    })
    const next = localPath(locationOf(gh, login))
    expect((await client.get(next)).status).toBe(302)
    const replay = await client.get(next)
    expect(replay.status).toBe(400)
    expect(replay.headers.get('location')).toBeNull()
  })

  it('public client with PKCE: login, consent, code bound to the challenge', async () => {
    const { challenge } = pkcePair()
    const consent = await loginAndContinue(
      gh,
      client,
      {
        response_type: 'code',
        client_id: P1.key,
        redirect_uri: P1.redirect,
        code_challenge: challenge,
      },
      USERS.sam,
    )
    const res = await submitConsent(client, consent, 'approve')
    const { code } = responseParams(locationOf(gh, res))
    expect(codeRow(code!)).toMatchObject({
      app_key: P1.key,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
  })

  it('an app blocked between login and consent gets OAUTH_APP_BLOCKED on Allow', async () => {
    const consent = await loginAndContinue(gh, client, params({ state: 'b' }), USERS.sam)
    const ws = gh.engine.exportWorkspace()
    const app = ws.apps.find((a) => a.consumerKey === C1.key)!
    app.policies.blocked = true
    gh.engine.importWorkspace(ws)
    try {
      const res = await submitConsent(client, consent, 'approve')
      expect(res.status).toBe(303)
      expect(responseParams(locationOf(gh, res))).toMatchObject({
        error: 'OAUTH_APP_BLOCKED',
        state: 'b',
      })
    } finally {
      app.policies.blocked = false
      gh.engine.importWorkspace(ws)
    }
  })

  it('the error page (case 8): anti-framing, no-referrer, no-store, and no link anywhere', async () => {
    const res = await gh.fetch(`${authorizePath(params())}&scope=a&scope=b`)
    expect(res.status).toBe(400)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).not.toMatch(/<a\s/i)
    expect(html).not.toContain(C1.redirect)
  })
})
