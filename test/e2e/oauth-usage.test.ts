import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import { openWorkbench, SHOTS, type Workbench } from './support/workbench'

/**
 * The OAuth usage page and a user's connected apps against a real `gatehouse serve`: logins
 * made first (the runner's web server flow, a password login, client credentials), then
 * revoked one by one, all at once, and the app blocked.
 */
const demo = demoWorkspace()
const orderSync = demo.apps.find((app) => app.name === 'Order Sync')!
const nightly = demo.apps.find((app) => app.name === 'Nightly ETL')!

describe('OAuth usage (gatehouse serve + Chromium)', () => {
  let bench: Workbench
  let page: Page

  async function token(baseUrl: string, params: Record<string, string>) {
    const res = await fetch(`${baseUrl}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams(params),
    })
    expect(res.status).toBe(200)
  }

  beforeAll(async () => {
    bench = await openWorkbench()
    page = bench.page
    // Logins first: the runner's web server flow, a password login, client credentials.
    const run = await bench.admin('POST', '/runs', {
      flow: 'web-server',
      app: 'Order Sync',
      user: 'ada@acme.test',
    })
    await bench.admin('POST', `/runs/${run.id}/finish`)
    await token(bench.server.baseUrl, {
      grant_type: 'password',
      client_id: orderSync.consumerKey,
      client_secret: orderSync.consumerSecret,
      username: 'sam@acme.test',
      password: 'Passw0rd!',
    })
    await token(bench.server.baseUrl, {
      grant_type: 'client_credentials',
      client_id: nightly.consumerKey,
      client_secret: nightly.consumerSecret,
    })
  })
  afterAll(() => bench?.close())

  const card = (app: string) => page.locator(`[data-testid="usage-app"][data-app="${app}"]`)
  const row = (app: string, user: string) =>
    card(app).locator(`[data-testid="authorization"][data-name="${user}"]`)

  it('lists each app with the users who authorized it, how and when', async () => {
    await bench.open('usage')
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

  it('shows the revocation on the flow of the grant it ended', async () => {
    const flows = await bench.admin('GET', '/flows?user=ada@acme.test&limit=5')
    const flow = flows.items.find((f: { appName: string }) => f.appName === 'Order Sync')
    await bench.open(`flows/${flow.id}`)
    await expect
      .poll(() => page.getByTestId('sequence-diagram').innerHTML())
      .toContain('/_gatehouse/api/grants/')
    await page.screenshot({ path: join(SHOTS, 'usage-revoked-flow.png') })
    await bench.open('usage')
    await card('Order Sync').waitFor()
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
    await bench.open('users')
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
    const grants = await bench.admin('GET', '/grants?user=sam@acme.test')
    expect(grants[0].active).toBe(false)
    expect(bench.problems).toEqual([])
  })
})
