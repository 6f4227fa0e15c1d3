import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { USERS } from '../../support/workspace'
import { locationOf } from '../authorize/support'
import {
  BrowserClient,
  decideOnPage,
  fieldValue,
  follow,
  logIn,
  pollDevice,
  requestDeviceCode,
} from './device-support'
import { CONNECT, expectError } from './support'
import { part2Workspace } from './support'

/**
 * The verification page, /setup/connect (reference §4.6, security cases 8, 9, 11, 38): log
 * in with the authorization endpoint's login form and session, enter or confirm the code,
 * Allow or Deny. CSRF-protected forms, 303 after every POST, a cap on wrong codes.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: part2Workspace() })
})
afterAll(async () => {
  await gh.close()
})

function expectPageHeaders(res: Response): void {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(res.headers.get('x-frame-options')).toBe('DENY')
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
  expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  expect(res.headers.get('cache-control')).toBe('no-store')
}

/** A browser that has logged in on the page (no code yet): answers the client and the entry page. */
async function loggedIn(
  username: string = USERS.ada,
): Promise<{ client: BrowserClient; page: string }> {
  const client = new BrowserClient(gh)
  const login = await client.get(CONNECT)
  const page = await logIn(gh, client, login, username)
  expect(page.status).toBe(200)
  return { client, page: await page.text() }
}

describe('GET /setup/connect', () => {
  it('without a session shows the login page (Salesforce ids), with the page security headers', async () => {
    const res = await new BrowserClient(gh).get(CONNECT)
    expect(res.status).toBe(200)
    expectPageHeaders(res)
    const html = await res.text()
    expect(html).toContain('id="username"')
    expect(html).toContain('id="password"')
    expect(html).toContain('id="Login"')
    expect(html).toContain('action="/setup/connect/login"')
  })

  it('after login shows code entry; every page and redirect carries the security headers', async () => {
    const client = new BrowserClient(gh)
    const loginPage = await client.get(CONNECT)
    const html = await loginPage.text()
    const res = await client.post(`${CONNECT}/login`, {
      request_id: fieldValue(html, 'request_id'),
      csrf: fieldValue(html, 'csrf'),
      username: USERS.ada,
      password: 'Passw0rd!',
    })
    // 303 after the POST, never 307 (security case 10).
    expect(res.status).toBe(303)
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    const entry = await follow(gh, client, res)
    expectPageHeaders(entry)
    const text = await entry.text()
    expect(text).toContain('Connect your device')
    expect(text).toContain('id="user_code"')
    expect(text).toContain('Logged in as <strong>Ada Admin</strong>')
  })

  it('a wrong password stays on the login page with Salesforce’s message', async () => {
    const client = new BrowserClient(gh)
    const loginPage = await client.get(CONNECT)
    const html = await loginPage.text()
    const res = await client.post(`${CONNECT}/login`, {
      request_id: fieldValue(html, 'request_id'),
      csrf: fieldValue(html, 'csrf'),
      username: USERS.ada,
      password: 'wrong',
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Please check your username and password.')
  })

  it('?user_code= (verification_uri_complete) goes straight to the consent page after login', async () => {
    const issued = await requestDeviceCode(gh)
    const client = new BrowserClient(gh)
    const loginPage = await client.get(`${CONNECT}?user_code=${issued.user_code}`)
    const consent = await logIn(gh, client, loginPage, USERS.ada)
    expectPageHeaders(consent)
    const html = await consent.text()
    expect(html).toContain('id="oaapprove"')
    expect(html).toContain('id="oadeny"')
    expect(html).toContain(`${issued.user_code.slice(0, 4)}-${issued.user_code.slice(4)}`)
    expect(html).toContain('Device App')
    expect(html).toContain('Manage user data via APIs')
    expect(html).toContain('Perform requests at any time')
  })

  it('prompt=login asks for a fresh login despite the session', async () => {
    const { client } = await loggedIn()
    const again = await client.get(`${CONNECT}?prompt=login`)
    expect(await again.text()).toContain('id="username"')
    const plain = await client.get(CONNECT)
    expect(await plain.text()).toContain('id="user_code"')
  })

  it('user codes are case- and dash-insensitive', async () => {
    const issued = await requestDeviceCode(gh)
    const { client, page } = await loggedIn()
    const typed = `${issued.user_code.slice(0, 4).toLowerCase()} - ${issued.user_code.slice(4).toLowerCase()}`
    const res = await client.post(CONNECT, { csrf: fieldValue(page, 'csrf'), user_code: typed })
    expect(res.status).toBe(303)
    expect(locationOf(gh, res).searchParams.get('user_code')).toBe(
      `${issued.user_code.slice(0, 4)}-${issued.user_code.slice(4)}`,
    )
    const consent = await follow(gh, client, res)
    expect(await consent.text()).toContain('id="oaapprove"')
  })

  it('a user code is single use', async () => {
    const issued = await requestDeviceCode(gh)
    const client = new BrowserClient(gh)
    await decideOnPage(gh, client, issued.user_code, USERS.ada)
    const again = await client.get(`${CONNECT}?user_code=${issued.user_code}`)
    expect(again.status).toBe(200)
    const html = await again.text()
    expect(html).not.toContain('id="oaapprove"')
    expect(html).toContain('That code is invalid or has expired.')
  })
})

describe('wrong codes are capped per browser session (security case 38)', () => {
  it('after 5 misses code entry is locked (429, Retry-After), even for a right code; 15 minutes later it opens again', async () => {
    const issued = await requestDeviceCode(gh)
    const { client, page } = await loggedIn(USERS.sam)
    const csrf = fieldValue(page, 'csrf')
    for (let i = 1; i <= 4; i++) {
      const res = await client.post(CONNECT, { csrf, user_code: 'BBBB-BBBB' })
      expect(res.status).toBe(303)
      const shown = await follow(gh, client, res)
      expect(await shown.text()).toContain(`${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left`)
    }
    const fifth = await client.post(CONNECT, { csrf, user_code: 'not a code' })
    const locked = await follow(gh, client, fifth)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBe('900')
    expect(locked.headers.get('x-frame-options')).toBe('DENY')
    const html = await locked.text()
    expect(html).toContain('Too many invalid codes')
    expect(html).not.toContain('<form')

    // The right code changes nothing while the lock holds.
    const right = await client.post(CONNECT, { csrf, user_code: issued.user_code })
    expect((await follow(gh, client, right)).status).toBe(429)
    expect((await client.get(`${CONNECT}?user_code=${issued.user_code}`)).status).toBe(429)

    // 20 more tries: still locked, the device still pending.
    for (let i = 0; i < 20; i++) await client.post(CONNECT, { csrf, user_code: 'CCCCCCCC' })
    await expectError(
      await pollDevice(gh, issued.device_code),
      400,
      'authorization_pending',
      'authorization pending',
    )

    gh.clock.advance(15 * 60 * 1000 + 1000)
    // (The first code has expired meanwhile: device codes live 10 minutes.)
    const fresh = await requestDeviceCode(gh)
    const later = await client.get(`${CONNECT}?user_code=${fresh.user_code}`)
    expect(later.status).toBe(200)
    expect(await later.text()).toContain('id="oaapprove"')
  })
})

describe('the forms (security case 11)', () => {
  it('a missing or wrong CSRF token is refused with 403 and decides nothing', async () => {
    const issued = await requestDeviceCode(gh)
    const { client } = await loggedIn()
    const consent = await (await client.get(`${CONNECT}?user_code=${issued.user_code}`)).text()
    const userCode = fieldValue(consent, 'user_code')

    const missing = await client.post(`${CONNECT}/decision`, {
      user_code: userCode,
      decision: 'approve',
    })
    expect(missing.status).toBe(403)
    expect(await missing.text()).toContain('invalid csrf token')

    // A token from another browser session is worthless here.
    const other = await loggedIn(USERS.sam)
    const foreign = await client.post(`${CONNECT}/decision`, {
      csrf: fieldValue(other.page, 'csrf'),
      user_code: userCode,
      decision: 'approve',
    })
    expect(foreign.status).toBe(403)
    await expectError(
      await pollDevice(gh, issued.device_code),
      400,
      'authorization_pending',
      'authorization pending',
    )
  })

  it('a form posted from another site is refused', async () => {
    const { client, page } = await loggedIn()
    const res = await client.post(
      CONNECT,
      { csrf: fieldValue(page, 'csrf'), user_code: 'BCDFGHJK' },
      { origin: 'https://evil.example' },
    )
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('invalid request origin')
  })

  it('the login form needs its own CSRF token', async () => {
    const client = new BrowserClient(gh)
    const html = await (await client.get(CONNECT)).text()
    const res = await client.post(`${CONNECT}/login`, {
      request_id: fieldValue(html, 'request_id'),
      csrf: 'forged',
      username: USERS.ada,
      password: 'Passw0rd!',
    })
    expect(res.status).toBe(403)
  })

  it('a code form without a session sends the browser to log in, keeping the code', async () => {
    const res = await new BrowserClient(gh).post(CONNECT, { csrf: 'x', user_code: 'BCDF-GHJK' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/setup/connect?user_code=BCDF-GHJK')
  })

  it('a deactivated user cannot log in on the page', async () => {
    const client = new BrowserClient(gh)
    const html = await (await client.get(CONNECT)).text()
    const res = await client.post(`${CONNECT}/login`, {
      request_id: fieldValue(html, 'request_id'),
      csrf: fieldValue(html, 'csrf'),
      username: USERS.olga,
      password: 'Passw0rd!',
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Please check your username and password.')
  })
})
