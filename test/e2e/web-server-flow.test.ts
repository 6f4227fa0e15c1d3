import { mkdir } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import jsforce from 'jsforce'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import { startGatehouse, type RunningGatehouse } from '../support/gatehouse'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT } from './support/serve'

/**
 * The web server flow as a user's app runs it: jsforce builds the authorization URL (with
 * PKCE), Chromium logs in on the Gatehouse page and clicks Allow, the app's callback receives
 * the code, and jsforce exchanges it at the token endpoint.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const WIDE = { width: 1280, height: 860 }
const NARROW = { width: 390, height: 844 }

const workspace = demoWorkspace()
const orderSync = workspace.apps.find((app) => app.name === 'Order Sync')!
const ada = workspace.users.find((user) => user.username === 'ada@acme.test')!

/**
 * The app's own web server, on another loopback origin: its OAuth callback, and a page that
 * tries to frame Gatehouse's login page (the clickjacking probe, case 8).
 */
async function startAppServer(received: URL[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`)
    response.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/oauth/callback') {
      received.push(url)
      response.end(
        '<!doctype html><title>Order Sync</title><p>Order Sync received the callback.</p>',
      )
    } else if (url.pathname === '/framer') {
      const src = (url.searchParams.get('src') ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;')
      response.end(
        `<!doctype html><title>Framer</title><iframe src="${src}" width="600" height="600"></iframe>`,
      )
    } else {
      response.statusCode = 204
      response.end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { server, origin: `http://localhost:${port}` }
}

describe('web server flow in Chromium, driven by jsforce', () => {
  let gh: RunningGatehouse
  let browser: Browser
  let context: BrowserContext
  let appServer: Server
  let callbackUrl: string
  let appOrigin: string
  const callbacks: URL[] = []

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    const started = await startAppServer(callbacks)
    appServer = started.server
    appOrigin = started.origin
    callbackUrl = `${appOrigin}/oauth/callback`
    orderSync.callbackUrls = [callbackUrl]
    gh = await startGatehouse({ workspace })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await gh?.close()
    await new Promise((done) => appServer?.close(done))
  })

  async function newPage(viewport = WIDE): Promise<{ page: Page; problems: string[] }> {
    await context?.close()
    context = await browser.newContext({ viewport, colorScheme: 'light' })
    const page = await context.newPage()
    const { problems } = await watchPage(page)
    callbacks.length = 0
    return { page, problems }
  }

  function oauth2(): InstanceType<typeof jsforce.OAuth2> {
    return new jsforce.OAuth2({
      loginUrl: gh.baseUrl,
      clientId: orderSync.consumerKey,
      clientSecret: orderSync.consumerSecret,
      redirectUri: callbackUrl,
      useVerifier: true,
    })
  }

  it('logs in, consents and receives a code at the callback; jsforce exchanges it', async () => {
    const { page, problems } = await newPage()
    const client = oauth2()
    const authorizeUrl = client.getAuthorizationUrl({
      scope: 'api refresh_token openid',
      state: 'e2e-state',
    })
    expect(authorizeUrl).toContain('code_challenge=')

    await page.goto(authorizeUrl)
    await page.locator('#username').waitFor({ state: 'visible' })
    expect(await page.locator('h1').textContent()).toBe('Log in to Acme Dev')
    expect(await page.locator('#gh-app-name').textContent()).toBe('Order Sync')
    await page.screenshot({ path: join(SHOTS, 'authorize-login.png'), fullPage: true })

    // A wrong password first: the page comes back with Salesforce's message.
    await page.fill('#username', ada.username)
    await page.fill('#password', 'not-the-password')
    await page.click('#Login')
    await page.locator('#error').waitFor({ state: 'visible' })
    expect(await page.locator('#error').textContent()).toContain(
      'Please check your username and password.',
    )
    expect(await page.inputValue('#username')).toBe(ada.username)
    await page.screenshot({ path: join(SHOTS, 'authorize-login-error.png'), fullPage: true })

    await page.fill('#password', ada.password!)
    await page.click('#Login')
    await page.locator('#oaapprove').waitFor({ state: 'visible' })
    expect(await page.locator('#gh-scopes').textContent()).toContain('Manage user data via APIs')
    await page.screenshot({ path: join(SHOTS, 'authorize-consent.png'), fullPage: true })

    await page.click('#oaapprove')
    await page.waitForURL(`${callbackUrl}**`)
    expect(callbacks).toHaveLength(1)
    const callback = callbacks[0]!
    expect(callback.searchParams.get('state')).toBe('e2e-state')
    expect(callback.searchParams.get('iss')).toBe(gh.baseUrl)
    const code = callback.searchParams.get('code')!
    expect(code).toMatch(/^aPrx/)
    expect(problems).toEqual([])

    // The exchange belongs to the token endpoint (another part of the server).
    const token = await client.requestToken(code)
    expect(token.access_token).toMatch(/^00D/)
    expect(token.instance_url).toBe(gh.baseUrl)
    expect(token.refresh_token).toBeDefined()
    expect(token.id).toBe(`${gh.baseUrl}/id/${workspace.org.id}/${ada.id}`)
  })

  it('looks right on a narrow screen (login and consent)', async () => {
    const { page, problems } = await newPage(NARROW)
    const client = oauth2()
    await page.goto(
      client.getAuthorizationUrl({
        scope: 'api id',
        state: 'narrow',
        display: 'touch',
        prompt: 'consent',
      }),
    )
    await page.locator('#username').waitFor({ state: 'visible' })
    await page.screenshot({ path: join(SHOTS, 'authorize-login-narrow.png'), fullPage: true })
    await page.fill('#username', ada.username)
    await page.fill('#password', ada.password!)
    await page.click('#Login')
    await page.locator('#oaapprove').waitFor({ state: 'visible' })
    await page.screenshot({ path: join(SHOTS, 'authorize-consent-narrow.png'), fullPage: true })
    await page.click('#oadeny')
    await page.waitForURL(`${callbackUrl}**`)
    const denied = new URL(page.url())
    expect(denied.searchParams.get('error')).toBe('access_denied')
    expect(denied.searchParams.get('state')).toBe('narrow')
    expect(problems).toEqual([])
  })

  it('shows the error page for an expired login request, with no way back to the app', async () => {
    const { page } = await newPage()
    await page.goto(oauth2().getAuthorizationUrl({ scope: 'api', state: 'late' }))
    await page.locator('#username').waitFor({ state: 'visible' })
    gh.clock.advance(16 * 60 * 1000)
    await page.fill('#username', ada.username)
    await page.fill('#password', ada.password!)
    await page.click('#Login')
    await page.locator('#gh-error-title').waitFor({ state: 'visible' })
    expect(await page.locator('#gh-error-title').textContent()).toBe(
      'This login request has expired',
    )
    expect(await page.locator('a').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'authorize-error.png'), fullPage: true })
    await page.setViewportSize(NARROW)
    await page.screenshot({ path: join(SHOTS, 'authorize-error-narrow.png'), fullPage: true })
  })

  it('cannot be framed: a page on another origin that iframes the login page shows nothing (case 8)', async () => {
    const { page } = await newPage()
    const target = oauth2().getAuthorizationUrl({ scope: 'api' })
    const served = page.waitForResponse((r) => r.url().startsWith(target.split('?')[0]!))
    await page.goto(`${appOrigin}/framer?src=${encodeURIComponent(target)}`)
    // The server did answer the framed request (with the login page and its headers) …
    const response = await served
    expect(response.status()).toBe(200)
    expect(response.headers()['x-frame-options']).toBe('DENY')
    // … and Chromium refused to render it inside the other origin's page.
    const frame = page.frames().find((f) => f !== page.mainFrame())
    expect(frame).toBeDefined()
    await frame!.waitForLoadState()
    expect(await frame!.locator('#username').count()).toBe(0)
  })
})
