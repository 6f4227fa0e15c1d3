import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe, type ServeHandle } from './support/serve'

/**
 * The Run view against a real `gatehouse serve`: a web-server run with PKCE stepped through
 * in the UI, one parameter edited so the server refuses it (with its Why), and presenter mode.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const VIEWPORT = { width: 1440, height: 900 }
const orderSyncSecret = demoWorkspace().apps.find(
  (app) => app.name === 'Order Sync',
)!.consumerSecret

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

  /** A full-page screenshot from the top, so the fixed header stays where it belongs. */
  async function fullShot(name: string) {
    await page.evaluate('window.scrollTo(0, 0)')
    await page.screenshot({ path: join(SHOTS, name), fullPage: true })
  }

  it('starts a web-server run: flows the app does not allow are greyed with the setting', async () => {
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, 'run'))
    await choose('run-app', 'Order Sync')
    await choose('run-user', 'ada@acme.test')
    const jwt = page.locator('[data-testid="run-flow"][data-flow="jwt-bearer"]')
    await expect.poll(() => jwt.getAttribute('data-disabled')).toBe('true')
    await expect.poll(() => jwt.innerText()).toContain('the app has no certificate')
    await page.locator('[data-testid="run-flow"][data-flow="web-server"]').click()
    await page.getByText('PKCE (code_challenge and code_verifier)').waitFor()
    await fullShot('run-setup.png')
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
    await fullShot('run-step-sent.png')
    await page.locator('[data-testid="run-step"][data-step="token"]').click()
  })

  it('removes code_verifier, sends, and shows the refusal with its Why', async () => {
    await expect.poll(() => current().getAttribute('data-step')).toBe('token')
    await page.getByRole('button', { name: 'Remove code_verifier' }).click()
    const send = page.getByTestId('run-send')
    await expect.poll(() => send.innerText()).toContain('with 1 change')
    // The removed parameter stays in view, struck through, until it is put back or sent.
    await expect
      .poll(() => page.locator('[data-param="code_verifier"]').getAttribute('data-removed'))
      .toBe('true')
    await fullShot('run-token-edited.png')
    await send.click()
    await expect
      .poll(() => page.getByTestId('run-status').innerText(), { timeout: 10_000 })
      .toMatch(/failed/i)
    const result = page.getByTestId('run-result')
    await expect.poll(() => result.getAttribute('data-outcome')).toBe('failed')
    // The Why tab opens on a refusal: the failing step and Salesforce's error.
    await expect.poll(() => result.innerText()).toContain('invalid code verifier')
    await expect.poll(() => result.innerText()).toContain('invalid_grant')
    // Next to the refusal, what the person changed.
    await expect
      .poll(() => page.getByTestId('run-sent-edits').innerText())
      .toContain('left out code_verifier')
    await fullShot('run-refused-why.png')
  })

  it('presents the refusal: the status, the server step that refused and its reason', async () => {
    await page.getByTestId('run-present').click()
    const presenter = page.getByTestId('presenter')
    await presenter.waitFor()
    const answer = page.getByTestId('presenter-answer')
    await expect.poll(() => answer.innerText()).toContain('pkce.verify')
    await expect.poll(() => answer.innerText()).toContain('refused')
    await expect.poll(() => presenter.innerText()).toContain('the run stopped here')
    await page.screenshot({ path: join(SHOTS, 'run-presenter-refused.png') })
    await page.keyboard.press('Escape')
    await presenter.waitFor({ state: 'detached' })
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
    await fullShot('run-completed.png')
  })

  it('presents a run keyboard only: → sends and shows the answer on the same screen, then moves on', async () => {
    // Start over from the authorization request, then present the rest of the run.
    await page.locator('[data-testid="run-step"][data-step="authorize"]').click()
    await page.getByTestId('run-rerun').click()
    await page.getByTestId('run-send').click()
    await expect.poll(() => current().getAttribute('data-step'), { timeout: 10_000 }).toBe('login')
    await page.getByTestId('run-present').click()
    const presenter = page.getByTestId('presenter')
    await presenter.waitFor()
    await expect.poll(() => presenter.getAttribute('data-step')).toBe('login')
    await expect.poll(() => presenter.innerText()).toContain('send')
    await page.screenshot({ path: join(SHOTS, 'run-presenter-login.png') })

    // → sends the login; its answer shows on the same screen before moving on.
    await page.keyboard.press('ArrowRight')
    const answer = page.getByTestId('presenter-answer')
    await expect.poll(() => answer.innerText(), { timeout: 10_000 }).toContain('303')
    await expect.poll(() => presenter.getAttribute('data-step')).toBe('login')
    await page.screenshot({ path: join(SHOTS, 'run-presenter-login-sent.png') })

    // On through the rest (consent is skipped: Ada approved the app a moment ago).
    for (let press = 0; press < 12; press++) {
      if (/completed/i.test(await page.getByTestId('run-status').innerText())) break
      await page.keyboard.press('ArrowRight')
      // A send shows a loader until its answer is in; wait for it before the next key.
      await page.waitForTimeout(150)
      await presenter.locator('.mantine-Loader-root').waitFor({ state: 'detached' })
    }
    await expect
      .poll(() => page.getByTestId('run-status').innerText(), { timeout: 10_000 })
      .toMatch(/completed/i)
    await expect.poll(() => presenter.getAttribute('data-step')).toBe('token')
    await expect.poll(() => answer.innerText()).toContain('access_token')
    await expect.poll(() => presenter.innerText()).toContain('end of the run')
    await page.screenshot({ path: join(SHOTS, 'run-presenter-token.png') })
    // A common projector: 1280×720 must still fit a step on one screen.
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.screenshot({ path: join(SHOTS, 'run-presenter-720p.png') })
    await page.setViewportSize(VIEWPORT)

    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => presenter.getAttribute('data-step')).not.toBe('token')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => presenter.getAttribute('data-step')).toBe('token')

    // E leaves for the step's edit form: a sent step's is the re-run form.
    await page.keyboard.press('e')
    await presenter.waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('run-send').innerText()).toContain('Re-send')
    await page.getByRole('button', { name: 'Cancel' }).click()

    // The same run in the dark scheme.
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' })
    await page.mouse.move(1400, 880)
    await fullShot('run-completed-dark.png')
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="light"]').waitFor({ state: 'attached' })
  })

  it('offers "Run this again" on the run\'s flow in the Flows view', async () => {
    await page.getByRole('button', { name: 'Open in Flows' }).click()
    // The same flow saved as a scenario file that replays it (scenario/1, no secrets in it).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-scenario').click(),
    ])
    const text = await readFile((await download.path())!, 'utf8')
    const scenario = JSON.parse(text) as {
      gatehouse: string
      steps: Array<{ flow?: string; app?: string }>
    }
    expect(scenario.gatehouse).toBe('scenario/1')
    expect(scenario.steps[0]).toMatchObject({ flow: 'web-server', app: 'Order Sync' })
    expect(text).not.toContain(orderSyncSecret)
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

  it("edits a JWT bearer assertion's claims before signing; the refusal names the audience", async () => {
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, 'run'))
    await choose('run-app', 'Nightly ETL')
    await page.locator('[data-testid="run-flow"][data-flow="jwt-bearer"]').click()
    await page.getByTestId('run-start').click()
    await expect.poll(() => current().getAttribute('data-step')).toBe('token')
    await page.getByRole('tab', { name: 'Claims' }).click()
    const editor = current().locator('.monaco-editor')
    await editor.waitFor()
    await expect.poll(() => editor.innerText()).toContain('"aud"')

    // Replace the claims with the same ones for another audience (insertText: no auto-closing).
    const runId = Number(/#\/run\/(\d+)/.exec(page.url())?.[1])
    const response = await fetch(`${server.baseUrl}/_gatehouse/api/runs/${runId}`, {
      headers: { Authorization: `Bearer ${server.adminToken}` },
    })
    const run = (await response.json()) as { steps: { request?: { claims?: object } }[] }
    const claims = { ...run.steps[0]!.request!.claims, aud: 'https://wrong.example.com' }
    await editor.locator('.view-lines').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Delete')
    await page.keyboard.insertText(JSON.stringify(claims))
    const send = page.getByTestId('run-send')
    await expect.poll(() => send.innerText()).toContain('with 1 change')
    await fullShot('run-jwt-claims.png')
    await send.click()
    const result = page.getByTestId('run-result')
    await expect.poll(() => result.getAttribute('data-outcome'), { timeout: 10_000 }).toBe('failed')
    await expect.poll(() => result.innerText()).toContain('https://wrong.example.com')
    await fullShot('run-jwt-refused.png')
    expect(problems).toEqual([])
  })

  it('follows a run stepped elsewhere (the CLI, a script) through the event stream', async () => {
    const api = (path: string, body?: object) =>
      fetch(`${server.baseUrl}/_gatehouse/api${path}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          Authorization: `Bearer ${server.adminToken}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      }).then((response) => response.json() as Promise<{ id: number }>)
    const run = await api('/runs', { flow: 'client-credentials', app: 'Nightly ETL' })
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, `run/${run.id}`))
    await expect.poll(() => page.getByTestId('run-status').innerText()).toMatch(/ready/i)
    await api(`/runs/${run.id}/steps/0/send`, {})
    await expect
      .poll(() => page.getByTestId('run-status').innerText(), { timeout: 10_000 })
      .toMatch(/completed/i)
    await expect
      .poll(() => page.locator('[data-testid="run-step"]').first().innerText())
      .toContain('200')
    expect(problems).toEqual([])
  })
})
