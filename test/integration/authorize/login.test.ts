import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import {
  BrowserClient,
  LOGIN,
  authorizePath,
  hiddenFields,
  localPath,
  locationOf,
  responseParams,
  submitLogin,
} from './support'

const FAILED =
  'Please check your username and password. If you still can&#39;t log in, contact your Salesforce administrator.'

describe('authorize: the login page', () => {
  let gh: RunningGatehouse
  let client: BrowserClient

  beforeAll(async () => {
    gh = await startGatehouse()
  })
  afterAll(async () => {
    await gh?.close()
  })
  beforeEach(() => {
    client = new BrowserClient(gh)
  })

  const c1 = (extra: Record<string, string | undefined> = {}) =>
    authorizePath({
      response_type: 'code',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      state: 'st',
      ...extra,
    })

  it('shows the login page with Salesforce ids, the org and app names, and no scripts', async () => {
    const res = await client.get(c1())
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    expect(html).toContain('id="username"')
    expect(html).toContain('id="password"')
    expect(html).toMatch(/<input[^>]*type="submit"[^>]*id="Login"[^>]*value="Log In"/)
    expect(html).toContain('Log in to Acme Test')
    expect(html).toContain(`to continue to <strong id="gh-app-name">${C1.name}</strong>`)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(html).toContain('href="/services/oauth2/assets/login.css"')
  })

  it('sends anti-framing, no-referrer, CSP and no-store headers (cases 8, 9)', async () => {
    const res = await client.get(c1())
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it("lets the form lead only to ourselves and the verified callback's origin (CSP form-action)", async () => {
    const res = await client.get(c1())
    const csp = res.headers.get('content-security-policy')!
    const formAction = csp.split('; ').find((d) => d.startsWith('form-action'))
    expect(formAction).toBe("form-action 'self' https://app.test")
  })

  it('pre-fills the username from login_hint', async () => {
    const html = await (await client.get(c1({ login_hint: USERS.sam }))).text()
    expect(html).toMatch(new RegExp(`id="username"[^>]*value="${USERS.sam}"`))
  })

  it('serves its stylesheet from our own origin', async () => {
    const res = await gh.fetch('/services/oauth2/assets/login.css')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/css/)
    const css = await res.text()
    expect(css).toContain('.gh-card')
    expect(css).not.toMatch(/url\(|@import/)
  })

  it('pre-fills the username from login_hint, escaped', async () => {
    const res = await client.get(c1({ login_hint: 'ada@acme.test"><script>x</script>' }))
    const html = await res.text()
    expect(html).toContain('value="ada@acme.test&quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
    expect(html).not.toContain('<script>x')
  })

  it('display only changes the layout class', async () => {
    for (const display of ['page', 'popup', 'touch', 'mobile']) {
      const html = await (await client.get(c1({ display }))).text()
      expect(html).toContain(`<body class="gh-display-${display}">`)
    }
    expect(await (await client.get(c1({ display: 'weird' }))).text()).toContain('gh-display-page')
  })

  it("a wrong password stays on the page (200) with Salesforce's message and the username kept", async () => {
    const page = await client.get(c1())
    const res = await submitLogin(client, page, USERS.ada, 'wrong')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(FAILED)
    expect(html).toContain(`value="${USERS.ada}"`)
    expect(client.jar.get('gh_sid')).toBeUndefined()
    // The same pending request still works with the right password.
    const { request_id, csrf } = hiddenFields(html)
    const retry = await client.post(LOGIN, {
      request_id,
      csrf,
      username: USERS.ada,
      password: PASSWORD,
    })
    expect(retry.status).toBe(303)
  })

  it('an unknown user gets the same message', async () => {
    const res = await submitLogin(client, await client.get(c1()), 'nobody@acme.test', PASSWORD)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(FAILED)
  })

  it('an inactive user is refused with the same generic message and no session', async () => {
    const res = await submitLogin(client, await client.get(c1()), USERS.olga, PASSWORD)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(FAILED)
    expect(html).toContain(`value="${USERS.olga}"`)
    expect(client.jar.get('gh_sid')).toBeUndefined()
  })

  it('a user without a password cannot log in', async () => {
    const res = await submitLogin(client, await client.get(c1()), USERS.integration, '')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(FAILED)
  })

  it('usernames match regardless of case', async () => {
    const res = await submitLogin(client, await client.get(c1()), 'ADA@Acme.Test', PASSWORD)
    expect(res.status).toBe(303)
  })

  it('a good login answers 303 (never 307) with an HttpOnly SameSite=Lax session cookie (case 10)', async () => {
    const res = await submitLogin(client, await client.get(c1()), USERS.ada)
    expect(res.status).toBe(303)
    const location = locationOf(gh, res)
    expect(location.origin).toBe(gh.baseUrl)
    expect(location.pathname).toBe('/services/oauth2/authorize/continue')
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gh_sid='))!
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(cookie).toMatch(/; Path=\//)
    // The session id is stored only as a digest.
    const id = client.jar.get('gh_sid')!
    expect(id.length).toBeGreaterThanOrEqual(40)
  })

  it('a login form without the csrf token, or a foreign Origin, is refused with 403', async () => {
    const page = await client.get(c1())
    const { request_id, csrf } = hiddenFields(await page.text())
    const noCsrf = await client.post(LOGIN, { request_id, username: USERS.ada, password: PASSWORD })
    expect(noCsrf.status).toBe(403)
    const foreign = await client.post(
      LOGIN,
      { request_id, csrf, username: USERS.ada, password: PASSWORD },
      { origin: 'https://evil.example' },
    )
    expect(foreign.status).toBe(403)
    expect(client.jar.get('gh_sid')).toBeUndefined()
  })

  it('an expired pending request shows the error page (15 minutes)', async () => {
    const page = await client.get(c1())
    gh.clock.advance(15 * 60 * 1000 + 1000)
    const res = await submitLogin(client, page, USERS.ada)
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    const html = await res.text()
    expect(html).toContain('This login request has expired')
    expect(html).not.toContain(C1.redirect)
  })

  it('prompt=login shows the login page even with a session, and resumes after login', async () => {
    await submitLogin(client, await client.get(c1()), USERS.ada)
    expect(client.jar.get('gh_sid')).toBeDefined()
    const again = await client.get(c1({ prompt: 'login' }))
    expect(again.status).toBe(200)
    const login = await submitLogin(client, again, USERS.ada)
    expect(login.status).toBe(303)
    const next = await client.get(localPath(locationOf(gh, login)))
    // The login just made satisfies prompt=login: on to the consent page, not another login.
    expect(next.status).toBe(200)
    expect(await next.text()).toContain('id="oaapprove"')
  })

  it('prompt=none without a session: login_required, no code (case 12)', async () => {
    const res = await client.get(c1({ prompt: 'none', state: 'p n' }))
    expect(res.status).toBe(302)
    const params = responseParams(locationOf(gh, res))
    expect(params).toEqual({
      error: 'login_required',
      error_description: 'login required',
      state: 'p n',
      iss: gh.baseUrl,
    })
  })

  it('immediate=true without a session: immediate_unsuccessful', async () => {
    const res = await client.get(c1({ immediate: 'true' }))
    expect(res.status).toBe(302)
    const params = responseParams(locationOf(gh, res))
    expect(params.error).toBe('immediate_unsuccessful')
    expect(params.error_description).toBe('immediate unsuccessful')
    expect(params.code).toBeUndefined()
  })

  it('a session expires after 2 hours on the virtual clock', async () => {
    await submitLogin(client, await client.get(c1()), USERS.ada)
    gh.clock.advance(2 * 60 * 60 * 1000 + 1000)
    const res = await client.get(c1({ immediate: 'true' }))
    expect(responseParams(locationOf(gh, res)).error).toBe('immediate_unsuccessful')
  })

  it('a forged or unknown session cookie counts as no session', async () => {
    const res = await gh.fetch(c1(), { headers: { cookie: 'gh_sid=' + 'A'.repeat(43) } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('id="username"')
  })
})
