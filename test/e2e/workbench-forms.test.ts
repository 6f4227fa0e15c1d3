import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import jsforce from 'jsforce'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe } from './support/serve'
import type { ServeHandle } from './support/serve'

/**
 * The workbench's forms against a real `gatehouse serve`: the JWT inspector (decode, explain,
 * verify, sign), the Apps form (a policy change that changes the next login), the Users view,
 * and the workspace editor (Monaco, validated against the JSON Schema).
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const workspace = demoWorkspace()
const orderSync = workspace.apps.find((app) => app.name === 'Order Sync')!
const nightlyEtl = workspace.apps.find((app) => app.name === 'Nightly ETL')!

describe('workbench forms (gatehouse serve + Chromium)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    server = await startServe()
    browser = await launchBrowser()
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'light',
    })
    page = await context.newPage()
    ;({ problems } = await watchPage(page))
    await page.goto(server.uiUrl)
    await page.getByTestId('org-name').waitFor({ state: 'visible' })
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  async function open(view: string, heading: string) {
    await page.locator(`a[data-view="${view}"]`).click()
    await page.locator('#gh-main h1', { hasText: heading }).waitFor({ state: 'visible' })
    await page.mouse.move(1430, 890)
  }

  /** Drops the expected 400 answers (and Chromium's console line about them), then clears. */
  function unexpected(problems: string[]): string[] {
    const left = problems.filter(
      (problem) => !problem.includes('HTTP 400') && !problem.includes('status of 400'),
    )
    problems.length = 0
    return left
  }

  /** Rita (profile "Restricted Staff": logins from 192.168.10.x only) logs in with jsforce. */
  async function ritaLogsIn(): Promise<string> {
    const conn = new jsforce.Connection({
      oauth2: {
        loginUrl: server.baseUrl,
        clientId: orderSync.consumerKey,
        clientSecret: orderSync.consumerSecret,
      },
    })
    try {
      await conn.login('rita@acme.test', 'Passw0rd!')
      return 'ok'
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  }

  it('signs an id_token with the Gatehouse key: claims explained, signature verified', async () => {
    await open('jwt', 'JWT')
    // The editor starts with an id_token for the first app (Order Sync); sign it server-side.
    await page.locator('.monaco-editor').nth(1).waitFor()
    await page.getByTestId('jwt-sign').click()
    const signature = page.getByTestId('jwt-signature')
    await page.locator('[data-testid="jwt-signature"][data-status="valid"]').waitFor()
    expect(await signature.textContent()).toContain('Signature verified')
    const claims = page.getByTestId('jwt-claims')
    await claims.locator('tr[data-claim="aud"]').waitFor()
    expect(await claims.locator('tr[data-claim="aud"]').textContent()).toContain(
      orderSync.consumerKey,
    )
    expect(await claims.locator('tr[data-claim="exp"]').textContent()).toContain('Expires')
    expect(await claims.locator('tr[data-claim="iss"]').textContent()).toContain('Issuer')
    expect(await page.getByTestId('jwt-problems').textContent()).toContain('No problems')

    // Tamper with the signature: the inspector says so.
    const idToken = (await page.getByTestId('jwt-input').inputValue()).trim()
    const tampered = idToken.slice(0, -6) + (idToken.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA')
    await page.getByTestId('jwt-input').fill(tampered)
    await page.locator('[data-testid="jwt-signature"][data-status="invalid"]').waitFor()
    await page.getByTestId('jwt-input').fill(idToken)
    await page.locator('[data-testid="jwt-signature"][data-status="valid"]').waitFor()
    await page.locator('#gh-main h1').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'jwt-inspector.png') })
    expect(problems).toEqual([])
  })

  it('builds a JWT bearer assertion, signs it with the demo key, and verifies it', async () => {
    const privateKey = await readFile(
      join(REPO_ROOT, 'resources/demo-keys/nightly-etl.key'),
      'utf8',
    )
    await page.getByTestId('jwt-template-app').click()
    await page.getByRole('option', { name: /Nightly ETL/ }).click()
    await page.getByRole('button', { name: 'Fill' }).click()
    await page.getByTestId('jwt-private-key').fill(privateKey)
    await page.getByTestId('jwt-sign').click()
    await page.locator('[data-testid="jwt-signature"][data-status="valid"]').waitFor()
    expect(await page.getByTestId('jwt-signature').textContent()).toContain('Nightly ETL')
    const assertion = (await page.getByTestId('jwt-input').inputValue()).trim()
    expect(
      await page.getByTestId('jwt-claims').locator('tr[data-claim="iss"]').textContent(),
    ).toContain(nightlyEtl.consumerKey)
    // The assertion works at the token endpoint.
    const response = await fetch(`${server.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }),
    })
    expect(response.status, await response.clone().text()).toBe(200)
    expect(problems).toEqual([])
  })

  it('relaxes IP restrictions in the app form, and the next login succeeds', async () => {
    expect(await ritaLogsIn()).toMatch(/ip|restricted|login/i)

    await open('apps', 'Apps')
    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: /Order Sync/ })
      .click()
    await page.getByTestId('app-title').filter({ hasText: 'Order Sync' }).waitFor()
    await page.getByTestId('ip-relaxation').click()
    await page.getByRole('option', { name: 'Relax IP restrictions', exact: true }).click()
    await page.getByTestId('app-save').click()
    await page.getByTestId('app-saved').waitFor()
    await page.getByText('OAuth policies').scrollIntoViewIfNeeded()
    await page.mouse.move(1430, 890)
    await page.screenshot({ path: join(SHOTS, 'apps-form.png') })

    expect(await ritaLogsIn()).toBe('ok')

    // A validation error from the API lands on the field it names.
    await page.getByLabel('Callback URL').fill('not a url')
    await page.getByTestId('app-save').click()
    await page.getByText('Not saved').first().waitFor()
    const callbackError = page.locator('.mantine-Textarea-error').first()
    await callbackError.waitFor()
    expect((await callbackError.textContent())?.length).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Cancel changes' }).click()

    await page.getByRole('tab', { name: 'Endpoints and snippets' }).click()
    await page.locator('[data-flow="password"]').waitFor()
    expect(
      await page
        .locator('[data-flow]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-flow'))),
    ).toEqual(['web_server', 'refresh_token', 'password', 'device'])
    await page.locator('#gh-main h1').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'apps-snippets.png') })
    // 400 from the refused save is expected above; nothing else.
    expect(unexpected(problems)).toEqual([])
  })

  it('generates a new consumer secret, shown once', async () => {
    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: /Partner Portal/ })
      .click()
    await page.getByRole('tab', { name: 'Settings and policies' }).click()
    await page.getByTestId('rotate-secret').click()
    const secret = page.getByTestId('new-secret')
    await secret.waitFor()
    expect((await secret.textContent())?.trim()).toMatch(/^[0-9A-F]{64}$/)
    expect(await page.getByRole('dialog').textContent()).toContain('won’t be shown again')
    await page.getByRole('button', { name: 'I have copied it' }).click()
    expect(problems).toEqual([])
  })

  it('lists users, profiles and permission sets', async () => {
    await open('users', 'Users')
    await page.locator('tr[data-username="rita@acme.test"]').waitFor()
    expect(await page.locator('tr[data-username="rita@acme.test"]').textContent()).toContain(
      'Restricted Staff',
    )
    await page.screenshot({ path: join(SHOTS, 'users.png') })
    await page.getByRole('tab', { name: 'Profiles' }).click()
    await page.getByTestId('profiles-table').getByText('192.168.10.0 – 192.168.10.255').waitFor()
    await page.screenshot({ path: join(SHOTS, 'users-profiles.png') })
    await page.getByRole('button', { name: 'Edit Restricted Staff' }).click()
    await page.getByRole('dialog').getByLabel('Start IP address 1').waitFor()
    expect(await page.getByRole('dialog').getByLabel('Start IP address 1').inputValue()).toBe(
      '192.168.10.0',
    )
    await page.waitForTimeout(400) // the modal's opening transition
    await page.screenshot({ path: join(SHOTS, 'users-profile-edit.png') })
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    expect(problems).toEqual([])
  })

  it('shows schema errors inline in the workspace editor, and the server’s on Apply', async () => {
    await open('workspace', 'Workspace')
    const editor = page.locator('.monaco-editor').first()
    await editor.waitFor()
    await page.getByTestId('workspace-problem-count').filter({ hasText: 'No problems' }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'workspace-editor.png') })

    // Line 2 is `  "gatehouse": 1,`: add an unknown field after it.
    await editor.locator('.view-lines').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
    await page.keyboard.insertText('\n  "colour": "blue",')
    await page.locator('.monaco-editor .squiggly-error').first().waitFor()
    const list = page.getByTestId('workspace-problems')
    await list
      .getByText(/colour/)
      .first()
      .waitFor()

    await page.getByTestId('workspace-apply').click()
    await list.getByText('server').first().waitFor()
    expect(await list.textContent()).toContain('unknown field')
    await page.screenshot({ path: join(SHOTS, 'workspace-error.png') })

    // The dark theme: Monaco follows it.
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('.monaco-editor.vs-dark').first().waitFor()
    await page.mouse.move(1430, 890)
    await page.screenshot({ path: join(SHOTS, 'workspace-error-dark.png') })
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('.monaco-editor.vs').first().waitFor()

    // Revert, then reset to the demo (after a confirmation).
    await page.getByRole('button', { name: 'Revert' }).click()
    await page.getByTestId('workspace-problem-count').filter({ hasText: 'No problems' }).waitFor()
    await page.getByRole('button', { name: 'Reset to the demo' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Reset to the demo' }).click()
    await page.getByText('The demo workspace is loaded.').waitFor()
    expect(unexpected(problems)).toEqual([])
  })
})
