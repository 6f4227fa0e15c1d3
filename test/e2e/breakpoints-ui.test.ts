import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe, type ServeHandle } from './support/serve'

/**
 * Breakpoints in the workbench against a real `gatehouse serve`: a client's password login is
 * paused at request, its password corrected in the Paused panel, and let go; the client gets
 * the outcome of the changed request. Then "Break here next time" from Traffic.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const VIEWPORT = { width: 1440, height: 900 }
const orderSync = demoWorkspace().apps.find((app) => app.name === 'Order Sync')!

function workbenchUrl(baseUrl: string, token: string, view: string): string {
  return `${baseUrl}/_gatehouse/#/${view}&token=${encodeURIComponent(token)}`
}

describe('Breakpoints in the workbench (gatehouse serve + Chromium)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.baseUrl}/_gatehouse/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json().catch(() => null)) as unknown }
  }

  const passwordLogin = (password: string) =>
    fetch(`${server.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: orderSync.consumerKey,
        client_secret: orderSync.consumerSecret,
        username: 'ada@acme.test',
        password,
      }),
    })

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

  it('pauses a password login, lets the person correct the password, and the client gets tokens', async () => {
    const created = await admin('POST', '/breakpoints', {
      id: 'password-logins',
      when: { endpoint: 'token', grantType: 'password', app: 'Order Sync' },
      at: 'request',
      timeoutSeconds: 120,
    })
    expect(created.status).toBe(201)
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, 'traffic'))
    const badge = page.getByTestId('paused-badge')
    await expect.poll(() => badge.getAttribute('data-count')).toBe('0')

    const login = passwordLogin('not-her-password')
    await expect.poll(() => badge.getAttribute('data-count'), { timeout: 10_000 }).toBe('1')
    await expect.poll(() => badge.innerText()).toContain('Paused 1')
    await badge.click()
    const detail = page.getByTestId('paused-detail')
    await detail.waitFor()
    await expect.poll(() => detail.innerText()).toContain('/services/oauth2/token')
    await expect.poll(() => detail.innerText()).toMatch(/\d+ s left/)
    const password = detail.getByRole('textbox', { name: 'password value' })
    await expect.poll(() => password.inputValue()).toBe('not-her-password')
    await password.fill('Passw0rd!')
    const go = page.getByTestId('paused-continue-changed')
    await expect.poll(() => go.innerText()).toContain('Continue with 1 change')
    await page.screenshot({ path: join(SHOTS, 'breakpoints-paused.png') })
    await go.click()

    const answer = await login
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { access_token?: string }).access_token).toBeTruthy()
    await expect.poll(() => badge.getAttribute('data-count'), { timeout: 10_000 }).toBe('0')
    await page.keyboard.press('Escape')
  })

  it('shows the change in the Why, and sets a breakpoint from Traffic with "Break here next time"', async () => {
    expect((await admin('DELETE', '/breakpoints/password-logins')).status).toBe(204)
    const row = page.locator('[data-testid="traffic-list"] [role="option"]').first()
    await row.click()
    await page.getByRole('tab', { name: /Why/ }).click()
    const detail = page.getByTestId('exchange-detail')
    await expect.poll(() => detail.innerText()).toContain('breakpoint.request')
    await page.getByTestId('break-here').click()
    await expect.poll(() => page.getByTestId('break-here').getAttribute('data-state')).toBe('set')
    const list = (await admin('GET', '/breakpoints')).body as Array<{
      when: Record<string, unknown>
      at: string
    }>
    expect(list).toHaveLength(1)
    expect(list[0]!.when).toMatchObject({
      endpoint: 'token',
      method: 'POST',
      grantType: 'password',
      times: 1,
    })
    await page.screenshot({ path: join(SHOTS, 'breakpoints-why.png') })

    // The new breakpoint pauses the next such login; failing it answers in Salesforce's shape.
    const login = passwordLogin('Passw0rd!')
    const badge = page.getByTestId('paused-badge')
    await expect.poll(() => badge.getAttribute('data-count'), { timeout: 10_000 }).toBe('1')
    await badge.click()
    await page.getByTestId('paused-preset').click()
    await page.getByRole('option', { name: 'ip-restricted', exact: true }).click()
    await page.getByTestId('paused-fail-preset').click()
    const answer = await login
    expect(answer.status).toBe(400)
    expect(await answer.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'ip restricted or invalid login hours',
    })
    expect(problems).toEqual([])
  })
})
