import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe, type ServeHandle } from './support/serve'

/**
 * The Run view against a real `gatehouse serve`: a web-server run with PKCE stepped through
 * in the UI, one parameter edited so the server refuses it (with its Why), and presenter mode.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const VIEWPORT = { width: 1440, height: 900 }

function workbenchUrl(baseUrl: string, token: string, view: string): string {
  return `${baseUrl}/_gatehouse/#/${view}&token=${encodeURIComponent(token)}`
}

describe('Run view (gatehouse serve + Chromium)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    server = await startServe()
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

  async function choose(testId: string, option: string) {
    await page.getByTestId(testId).click()
    await page.getByRole('option', { name: option, exact: true }).click()
  }

  const current = () => page.getByTestId('run-current')

  it('starts a web-server run: flows the app does not allow are greyed with the setting', async () => {
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, 'run'))
    await choose('run-app', 'Order Sync')
    await choose('run-user', 'ada@acme.test')
    const jwt = page.locator('[data-testid="run-flow"][data-flow="jwt-bearer"]')
    await expect.poll(() => jwt.getAttribute('data-disabled')).toBe('true')
    await expect.poll(() => jwt.innerText()).toContain('the app has no certificate')
    await page.locator('[data-testid="run-flow"][data-flow="web-server"]').click()
    await page.getByText('PKCE (code_challenge and code_verifier)').waitFor()
    await page.screenshot({ path: join(SHOTS, 'run-setup.png'), fullPage: true })
    await page.getByTestId('run-start').click()
    await expect.poll(() => current().getAttribute('data-step')).toBe('authorize')
    // Each parameter carries its explanation before anything is sent.
    await expect
      .poll(() => current().innerText())
      .toContain("Must equal one of the app's Callback URLs exactly")
    await expect.poll(() => page.getByTestId('run-status').innerText()).toMatch(/ready/i)
  })

  it('sends the browser steps one at a time, as Ada, up to the token request', async () => {
    for (const [sent, next] of [
      ['authorize', 'login'],
      ['login', 'continue'],
      ['continue', 'consent'],
      ['consent', 'token'],
    ] as const) {
      await expect.poll(() => current().getAttribute('data-step')).toBe(sent)
      await page.getByTestId('run-send').click()
      await expect.poll(() => current().getAttribute('data-step'), { timeout: 10_000 }).toBe(next)
    }
    // The code the redirect carried is handed on to the token request.
    await expect.poll(() => current().innerText()).toContain('code_verifier')
    await page.getByTestId('run-step').first().click()
    await page.getByTestId('run-result').waitFor()
    await page.screenshot({ path: join(SHOTS, 'run-step-sent.png'), fullPage: true })
    await page.locator('[data-testid="run-step"][data-step="token"]').click()
  })

  it('removes code_verifier, sends, and shows the refusal with its Why', async () => {
    await expect.poll(() => current().getAttribute('data-step')).toBe('token')
    await page.getByRole('button', { name: 'Remove code_verifier' }).click()
    const send = page.getByTestId('run-send')
    await expect.poll(() => send.innerText()).toContain('with 1 change')
    await send.click()
    await expect
      .poll(() => page.getByTestId('run-status').innerText(), { timeout: 10_000 })
      .toMatch(/failed/i)
    const result = page.getByTestId('run-result')
    await expect.poll(() => result.getAttribute('data-outcome')).toBe('failed')
    // The Why tab opens on a refusal: the failing step and Salesforce's error.
    await expect.poll(() => result.innerText()).toContain('invalid code verifier')
    await expect.poll(() => result.innerText()).toContain('invalid_grant')
    await page.screenshot({ path: join(SHOTS, 'run-refused-why.png'), fullPage: true })
  })

  it('goes back to the authorization request (the code is spent) and sends the rest: completed', async () => {
    await page.locator('[data-testid="run-step"][data-step="authorize"]').click()
    await page.getByTestId('run-rerun').click()
    await page.getByTestId('run-send').click()
    await expect.poll(() => current().getAttribute('data-step'), { timeout: 10_000 }).toBe('login')
    await page.getByTestId('run-send-all').click()
    await expect
      .poll(() => page.getByTestId('run-status').innerText(), { timeout: 10_000 })
      .toMatch(/completed/i)
    await expect.poll(() => current().getAttribute('data-step')).toBe('token')
    await expect.poll(() => page.getByTestId('run-result').innerText()).toContain('access_token')
    // The diagram shows this run's exchanges (a new flow since the authorization request).
    await expect
      .poll(() => page.locator('.gh-run-diagram [data-exchange-id]').count(), { timeout: 10_000 })
      .toBe(4)
    await page.screenshot({ path: join(SHOTS, 'run-completed.png'), fullPage: true })
  })

  it('presents the run one step per screen, keyboard only', async () => {
    await page.getByTestId('run-present').click()
    const presenter = page.getByTestId('presenter')
    await presenter.waitFor()
    await expect.poll(() => presenter.innerText()).toContain('Swap the code for tokens')
    await page.screenshot({ path: join(SHOTS, 'run-presenter-token.png') })
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => presenter.innerText()).toContain('Back to the authorization')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => presenter.innerText()).toContain('Log in')
    await page.screenshot({ path: join(SHOTS, 'run-presenter-login.png') })
    await page.keyboard.press('Escape')
    await presenter.waitFor({ state: 'detached' })
  })

  it('offers "Run this again" on the run\'s flow in the Flows view', async () => {
    await page.getByRole('button', { name: 'Open in Flows' }).click()
    await page.getByTestId('run-again').click()
    await expect
      .poll(() => page.url())
      .toContain('#/run/new/web-server/Order%20Sync/ada%40acme.test')
    await expect
      .poll(() =>
        page
          .locator('[data-testid="run-flow"][data-flow="web-server"]')
          .getAttribute('aria-pressed'),
      )
      .toBe('true')
    await expect.poll(() => page.getByTestId('run-app').inputValue()).toBe('Order Sync')
    await expect.poll(() => page.getByTestId('run-user').inputValue()).toBe('ada@acme.test')
    expect(problems).toEqual([])
  })
})
