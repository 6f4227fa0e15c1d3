import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe, type ServeHandle } from './support/serve'

/**
 * The OAuth usage page and a user's connected apps against a real `gatehouse serve`: logins
 * made first (the runner's web server flow, a password login, client credentials), then
 * revoked one by one, all at once, and the app blocked.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const VIEWPORT = { width: 1440, height: 900 }
const demo = demoWorkspace()
const orderSync = demo.apps.find((app) => app.name === 'Order Sync')!
const nightly = demo.apps.find((app) => app.name === 'Nightly ETL')!

describe('OAuth usage (gatehouse serve + Chromium)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each call reads its own shape
  async function adminCall(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${server.baseUrl}/_gatehouse/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return res.json()
  }

  async function token(params: Record<string, string>) {
    const res = await fetch(`${server.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams(params),
    })
    expect(res.status).toBe(200)
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    server = await startServe()
    const run = await adminCall('POST', '/runs', {
      flow: 'web-server',
      app: 'Order Sync',
      user: 'ada@acme.test',
    })
    await adminCall('POST', `/runs/${run.id}/finish`)
    const secrets = { client_id: orderSync.consumerKey, client_secret: orderSync.consumerSecret }
    await token({
      grant_type: 'password',
      ...secrets,
      username: 'sam@acme.test',
      password: 'Passw0rd!',
    })
    await token({
      grant_type: 'client_credentials',
      client_id: nightly.consumerKey,
      client_secret: nightly.consumerSecret,
    })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
    page = await context.newPage()
    ;({ problems } = await watchPage(page))
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  const card = (app: string) => page.locator(`[data-testid="usage-app"][data-app="${app}"]`)
  const row = (app: string, user: string) =>
    card(app).locator(`[data-testid="authorization"][data-name="${user}"]`)

  it('lists each app with the users who authorized it, how and when', async () => {
    await page.goto(
      `${server.baseUrl}/_gatehouse/#/usage&token=${encodeURIComponent(server.adminToken)}`,
    )
    await card('Order Sync').waitFor()
    await expect
      .poll(() => card('Order Sync').getByTestId('usage-summary').innerText())
      .toMatch(/^2 of 2 users connected/)
    expect(await row('Order Sync', 'ada@acme.test').innerText()).toContain('consent')
    expect(await row('Order Sync', 'sam@acme.test').innerText()).toContain('username-password')
    expect(await row('Nightly ETL', 'integration@acme.test').innerText()).toContain(
      'client credentials run-as',
    )
    expect(await card('Partner Portal').innerText()).toContain(
      'No user has authorized this app yet.',
    )
    await page.screenshot({ path: join(SHOTS, 'usage-page.png'), fullPage: true })
  })

  it('revokes one user’s access to one app', async () => {
    await row('Order Sync', 'ada@acme.test')
      .getByRole('button', { name: /Revoke/ })
      .click()
    await expect
      .poll(() => row('Order Sync', 'ada@acme.test').getAttribute('data-active'))
      .toBe('false')
    expect(await row('Order Sync', 'ada@acme.test').innerText()).toContain('Revoked')
    await expect
      .poll(() => card('Order Sync').getByTestId('usage-summary').innerText())
      .toMatch(/^1 of 2 users connected/)
  })

  it('blocks and unblocks an app, and revokes every user of one', async () => {
    await card('Order Sync').getByRole('button', { name: 'Block' }).click()
    await card('Order Sync').getByTestId('usage-blocked').waitFor()
    await page.screenshot({ path: join(SHOTS, 'usage-blocked.png'), fullPage: true })
    await card('Order Sync').getByRole('button', { name: 'Unblock' }).click()
    await card('Order Sync').getByTestId('usage-blocked').waitFor({ state: 'detached' })

    await card('Nightly ETL').getByRole('button', { name: 'Revoke all' }).click()
    await page.getByTestId('usage-revoke-all-confirm').click()
    await expect
      .poll(() => card('Nightly ETL').getByTestId('usage-summary').innerText())
      .toMatch(/^0 of 1 user connected/)
  })

  it("shows a user's connected apps, each with Revoke", async () => {
    await page.goto(`${server.baseUrl}/_gatehouse/#/users`)
    await page.locator('[data-testid="users-table"] tr[data-username="sam@acme.test"]').click()
    const apps = page.getByTestId('connected-apps')
    await apps.waitFor()
    const orderSyncRow = apps.locator('[data-testid="authorization"][data-name="Order Sync"]')
    expect(await orderSyncRow.innerText()).toContain('username-password')
    // The dialog fades in: shoot it once it is fully drawn.
    const dialog = page.getByRole('dialog')
    await expect
      .poll(() =>
        dialog.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).opacity),
      )
      .toBe('1')
    await dialog.screenshot({ path: join(SHOTS, 'usage-user-connected-apps.png') })
    await orderSyncRow.getByRole('button', { name: /Revoke/ }).click()
    await expect.poll(() => orderSyncRow.getAttribute('data-active')).toBe('false')
    const grants = await adminCall('GET', '/grants?user=sam@acme.test')
    expect(grants[0].active).toBe(false)
    expect(problems).toEqual([])
  })
})
