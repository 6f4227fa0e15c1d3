import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe } from './support/serve'
import type { ServeHandle } from './support/serve'

const SHOTS = join(REPO_ROOT, 'test-results/e2e')

/** The navigation rail, in order: [route, heading]. */
const VIEWS: Array<[string, string]> = [
  ['status', 'Status'],
  ['traffic', 'Traffic'],
  ['flows', 'Flows'],
  ['apps', 'Apps'],
  ['users', 'Users'],
  ['workspace', 'Workspace'],
  ['jwt', 'JWT'],
  ['settings', 'Settings'],
]

interface Status {
  org: { id: string; name: string; edition: string }
  endpoints: Record<string, string>
}

describe('workbench UI smoke test (gatehouse serve + Chromium)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]
  let status: Status

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    server = await startServe()
    const response = await fetch(`${server.baseUrl}/_gatehouse/api/status`, {
      headers: { Authorization: `Bearer ${server.adminToken}` },
    })
    expect(response.status).toBe(200)
    status = (await response.json()) as Status
    browser = await launchBrowser()
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'light',
    })
    page = await context.newPage()
    ;({ problems } = await watchPage(page))
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  async function heading(): Promise<string> {
    return (await page.locator('#gh-main h1').first().textContent())?.trim() ?? ''
  }

  it('opens on the Status page with the emulated org, and hides the token', async () => {
    await page.goto(server.uiUrl)
    const orgName = page.getByTestId('org-name')
    await orgName.waitFor({ state: 'visible' })
    expect(await orgName.textContent()).toBe(status.org.name)
    expect(await page.getByTestId('header-org-name').textContent()).toBe(status.org.name)
    expect(page.url()).not.toContain('token=')
    expect(await heading()).toBe('Status')
    // Every server URL is on the page, with its copy button.
    for (const url of Object.values(status.endpoints)) {
      await page.getByText(url, { exact: true }).first().waitFor({ state: 'visible' })
    }
    await page.screenshot({ path: join(SHOTS, 'status-light.png'), fullPage: true })

    // The token survives a reload (sessionStorage), though it left the address bar.
    await page.reload()
    await orgName.waitFor({ state: 'visible' })
    expect(problems).toEqual([])
  })

  it('switches to the dark theme and back', async () => {
    const html = page.locator('html')
    expect(await html.getAttribute('data-mantine-color-scheme')).toBe('light')
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' })
    await page.mouse.move(0, 0) // no tooltip in the shot
    await page.screenshot({ path: join(SHOTS, 'status-dark.png'), fullPage: true })
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="light"]').waitFor({ state: 'attached' })
    expect(problems).toEqual([])
  })

  it('reaches every view from the navigation rail', async () => {
    for (const [route, label] of VIEWS) {
      await page.locator(`a[data-view="${route}"]`).click()
      await page.waitForURL((url) => url.hash === `#/${route}`)
      await page.locator('#gh-main h1', { hasText: label }).waitFor({ state: 'visible' })
      expect(await heading()).toBe(label)
      expect(await page.locator(`a[data-view="${route}"]`).getAttribute('aria-current')).toBe(
        'page',
      )
      await page.mouse.move(1400, 880) // move off the rail so no tooltip covers the view
      await page.screenshot({ path: join(SHOTS, `view-${route}.png`) })
    }
    expect(problems).toEqual([])
  })

  it('switches views with the keyboard (G then a letter)', async () => {
    await page.locator('body').click({ position: { x: 1300, y: 850 } })
    await page.keyboard.press('g')
    await page.keyboard.press('t')
    await page.waitForURL((url) => url.hash === '#/traffic')
    await page.keyboard.press('g')
    await page.keyboard.press('s')
    await page.waitForURL((url) => url.hash === '#/status')
    await page.getByTestId('org-name').waitFor({ state: 'visible' })
    expect(problems).toEqual([])
  })

  it('explains what is missing when opened without the token', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    try {
      const other = await fresh.newPage()
      const { problems: otherProblems } = await watchPage(other)
      await other.goto(`${server.baseUrl}/_gatehouse/`)
      await other
        .getByText('This page needs the address Gatehouse printed (it carries an access token)')
        .waitFor({ state: 'visible' })
      await other.screenshot({ path: join(SHOTS, 'no-token.png') })
      expect(otherProblems).toEqual([])
    } finally {
      await fresh.close()
    }
  })
})
