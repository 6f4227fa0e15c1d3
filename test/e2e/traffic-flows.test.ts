import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import jsforce from 'jsforce'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspace } from '../../src/core/workspace'
import type { TraceExchangeRow } from '../../src/core/store/trace-store'
import { startGatehouse, type RunningGatehouse } from '../support/gatehouse'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe, type ServeHandle } from './support/serve'

/**
 * Traffic and Flows views against a real `gatehouse serve`: real clients (jsforce, Chromium on
 * the login pages) make exchanges, the workbench shows them live, explains the failing one,
 * and draws the web server flow as a sequence diagram. Then the traffic list's scrolling is
 * measured with 100,000 recorded exchanges.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const VIEWPORT = { width: 1440, height: 900 }
const workspace = demoWorkspace()
const orderSync = workspace.apps.find((app) => app.name === 'Order Sync')!
const ada = workspace.users.find((user) => user.username === 'ada@acme.test')!
const CALLBACK = orderSync.callbackUrls[0]!

interface FlowSummaryLike {
  id: number
  kind: string
  status: string
}
interface FlowDetailLike extends FlowSummaryLike {
  exchanges: Array<{ id: number; method: string; url: string; status: number; outcome: string }>
}

function workbenchUrl(baseUrl: string, token: string, view: string): string {
  return `${baseUrl}/_gatehouse/#/${view}&token=${encodeURIComponent(token)}`
}

describe('Traffic and Flows views (gatehouse serve + Chromium + jsforce)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  const admin = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${server.baseUrl}/_gatehouse/api${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${server.adminToken}`,
        'content-type': 'application/json',
        ...(init?.headers ?? {}),
      },
    })
    expect(response.status, `${init?.method ?? 'GET'} ${path}`).toBeLessThan(300)
    return (response.status === 204 ? undefined : await response.json()) as T
  }

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

  const rows = () => page.locator('[data-testid="traffic-list"] [role="option"]')

  it('teaches what to do while the traffic list is empty', async () => {
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, 'traffic'))
    await page.getByTestId('traffic-empty').waitFor({ state: 'visible' })
    await page.getByText(server.baseUrl, { exact: true }).first().waitFor({ state: 'visible' })
    await page.getByText('grant_type=client_credentials').first().waitFor({ state: 'visible' })
    await page.getByTestId('traffic-live').and(page.locator('[data-state="open"]')).waitFor()
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'traffic-empty.png') })
    expect(problems).toEqual([])
  })

  it('shows a failing password login and a web server flow live, without a reload', async () => {
    // A failing username-password login, as an app using jsforce makes it.
    const conn = new jsforce.Connection({
      loginUrl: server.baseUrl,
      oauth2: {
        loginUrl: server.baseUrl,
        clientId: orderSync.consumerKey,
        clientSecret: orderSync.consumerSecret,
        redirectUri: CALLBACK,
      },
    })
    await expect(conn.login(ada.username, 'not-the-password')).rejects.toThrow(
      /authentication failure/,
    )
    await rows().first().waitFor({ state: 'visible' })

    // The web server flow: jsforce builds the URL, a second page logs in and consents.
    const oauth2 = new jsforce.OAuth2({
      loginUrl: server.baseUrl,
      clientId: orderSync.consumerKey,
      clientSecret: orderSync.consumerSecret,
      redirectUri: CALLBACK,
      useVerifier: true,
    })
    const browserPage = await context.newPage()
    let callback: URL | null = null
    await browserPage.route(`${new URL(CALLBACK).origin}/**`, async (route) => {
      callback = new URL(route.request().url())
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Order Sync</p>' })
    })
    await browserPage.goto(oauth2.getAuthorizationUrl({ scope: 'api refresh_token openid' }))
    await browserPage.fill('#username', ada.username)
    await browserPage.fill('#password', ada.password!)
    await browserPage.click('#Login')
    await browserPage.click('#oaapprove')
    await browserPage.waitForURL(`${CALLBACK}**`)
    await browserPage.close()
    const code = (callback as URL | null)?.searchParams.get('code')
    expect(code).toBeTruthy()
    const token = await oauth2.requestToken(code!)
    const api = new jsforce.Connection({
      instanceUrl: token.instance_url,
      accessToken: token.access_token,
      version: '60.0',
    })
    const result = await api.query('SELECT Name FROM Account LIMIT 2')
    expect(result.records.length).toBe(2)

    // Everything arrived over the event stream: the list grew without a reload.
    const listed = await admin<{ items: unknown[] }>('/exchanges?limit=100')
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(listed.items.length)
    expect(listed.items.length).toBeGreaterThanOrEqual(6)
    await page.locator('[data-testid="traffic-list"] [data-failed]').first().waitFor()
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'traffic-list.png') })
    expect(problems).toEqual([])
  })

  it('explains the failing exchange step by step in Why', async () => {
    const failed = page
      .locator('[data-testid="traffic-list"] [role="option"][data-failed]')
      .filter({ hasText: '/services/oauth2/token' })
      .first()
    await failed.click()
    const detail = page.getByTestId('exchange-detail')
    await detail.waitFor({ state: 'visible' })
    await page.getByRole('tab', { name: 'Why' }).click()
    const failedStep = page.getByTestId('why-step-failed')
    await failedStep.waitFor({ state: 'visible' })
    expect(await failedStep.textContent()).toContain('password.verify')
    expect(await failedStep.textContent()).toContain('wrong password for ada@acme.test')
    expect(await failedStep.textContent()).toContain('"error":"invalid_grant"')
    expect(await page.getByTestId('why-summary').textContent()).toContain('authentication failure')
    expect(await page.getByTestId('why-step-passed').count()).toBeGreaterThan(3)
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'traffic-why.png') })
    await page.getByRole('button', { name: 'Show the failing step in the list' }).click()
    await page.waitForTimeout(600) // the smooth scroll
    await page.screenshot({ path: join(SHOTS, 'traffic-why-step.png') })
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' })
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'traffic-why-dark.png') })
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="light"]').waitFor({ state: 'attached' })

    // Keyboard: ↑ from the selected row selects a newer one; Esc closes the detail.
    await page.getByTestId('traffic-list').focus()
    const before = await detail.getAttribute('data-exchange-id')
    await page.keyboard.press('ArrowUp')
    await expect
      .poll(() => page.getByTestId('exchange-detail').getAttribute('data-exchange-id'))
      .not.toBe(before)
    await page.keyboard.press('Escape')
    await detail.waitFor({ state: 'detached' })
    expect(problems).toEqual([])
  })

  it('decodes the id token of the code exchange in Tokens', async () => {
    const tokenRow = page
      .locator('[data-testid="traffic-list"] [role="option"]:not([data-failed])')
      .filter({ hasText: '/services/oauth2/token' })
      .first()
    await tokenRow.click()
    await page.getByRole('tab', { name: /Tokens/ }).click()
    const card = page.getByTestId('jwt-card').first()
    await card.waitFor({ state: 'visible' })
    expect(await card.textContent()).toContain('id token')
    expect(await page.getByTestId('jwt-signature').first().textContent()).toBe('Signature valid')
    expect(await page.getByTestId('jwt-expiry').first().textContent()).toMatch(/^expires in /)
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'traffic-tokens.png') })
    await page.getByRole('tab', { name: 'Request' }).click()
    await page.getByLabel('Request headers').waitFor()
    await page.screenshot({ path: join(SHOTS, 'traffic-request.png') })
    await page.getByRole('tab', { name: 'Response' }).click()
    await page.getByLabel('Response headers').waitFor()
    await page.screenshot({ path: join(SHOTS, 'traffic-response.png') })
    expect(problems).toEqual([])
  })

  it('draws the web server flow as a sequence diagram with one arrow per exchange', async () => {
    const flows = await admin<{ items: FlowSummaryLike[] }>('/flows')
    const web = flows.items.find((flow) => flow.kind === 'web_server')!
    expect(web).toBeDefined()
    const flow = await admin<FlowDetailLike>(`/flows/${web.id}`)
    await page.locator('a[data-view="flows"]').click()
    await page.locator(`[data-testid="flow-item"][data-flow-id="${web.id}"]`).click()
    const label = page.getByTestId('flow-label')
    await expect.poll(() => label.textContent()).toContain('Web server flow · Order Sync')
    expect(await label.textContent()).toContain('ada@acme.test · succeeded')

    const arrows = page.locator('[data-testid="seq-exchange"]')
    await expect.poll(() => arrows.count()).toBe(flow.exchanges.length)
    const labels = await page.locator('[data-testid="seq-request-label"]').allTextContents()
    expect(labels).toEqual(
      flow.exchanges.map((exchange) => `${exchange.method} ${exchange.url.split('?')[0]}`),
    )
    expect(labels[0]).toBe('GET /services/oauth2/authorize')
    expect(labels).toContain('POST /services/oauth2/token')
    const statuses = await page.locator('[data-testid="seq-response-label"]').allTextContents()
    expect(statuses.map((text) => Number(text.split(' ')[0]))).toEqual(
      flow.exchanges.map((exchange) => exchange.status),
    )
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'flows-diagram.png'), fullPage: true })
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' })
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'flows-diagram-dark.png'), fullPage: true })
    await page.getByTestId('color-scheme-toggle').click()
    await page.locator('html[data-mantine-color-scheme="light"]').waitFor({ state: 'attached' })

    // The failing password flow is labelled with where and why it failed; its arrow is red.
    const failedFlow = flows.items.find((item) => item.status === 'failed')!
    await page.locator(`[data-testid="flow-item"][data-flow-id="${failedFlow.id}"]`).click()
    await expect
      .poll(() => label.textContent())
      .toBe(
        'Username-password flow · Order Sync · ada@acme.test · failed at token: authentication failure',
      )
    await page.locator('[data-testid="seq-exchange"][data-failed]').first().waitFor()

    // Clicking an arrow opens its exchange in a drawer.
    await page.locator('[data-testid="seq-exchange"]').first().click()
    await page.getByTestId('exchange-detail').waitFor({ state: 'visible' })
    await page.getByRole('tab', { name: 'Why' }).waitFor()
    await page.keyboard.press('Escape')

    // Export: the SVG downloads as a file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-svg').click(),
    ])
    expect(download.suggestedFilename()).toBe(`gatehouse-flow-${failedFlow.id}.svg`)
    const [har] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-har').click(),
    ])
    expect(har.suggestedFilename()).toBe(`gatehouse-flow-${failedFlow.id}.har`)
    expect(problems).toEqual([])
  })

  it('moves the virtual clock, sets the client IP and toggles fault rules from the header', async () => {
    await admin('/faults', {
      method: 'POST',
      body: JSON.stringify({
        id: 'ip-block',
        name: 'Order Sync from a blocked IP',
        enabled: false,
        when: { app: 'Order Sync', endpoint: 'token' },
        then: { preset: 'ip-restricted' },
      }),
    })
    await admin('/faults', {
      method: 'POST',
      body: JSON.stringify({
        id: 'slow-token',
        name: 'Slow token endpoint',
        when: { endpoint: 'token', times: 3 },
        then: { latencyMs: 1500 },
      }),
    })
    await page.reload()
    const faults = page.getByTestId('header-faults')
    await expect.poll(() => faults.textContent()).toBe('1 fault')
    await faults.click()
    await page.getByTestId('header-faults-popover').waitFor({ state: 'visible' })
    await page.getByTestId('fault-toggle-ip-block').click({ force: true })
    await expect.poll(() => faults.textContent()).toBe('2 faults')
    await page.screenshot({ path: join(SHOTS, 'header-popovers.png') })
    await page.keyboard.press('Escape')

    const clock = page.getByTestId('header-clock')
    await clock.click()
    await page.getByRole('button', { name: '+1 h' }).click()
    await expect.poll(() => clock.textContent()).toContain('+1 h')
    await page.screenshot({ path: join(SHOTS, 'header-clock.png') })
    await page.getByRole('button', { name: 'Reset' }).click()
    await expect
      .poll(async () => (await admin<{ offsetSeconds: number }>('/clock')).offsetSeconds)
      .toBe(0)
    await page.keyboard.press('Escape')

    await page.getByTestId('header-client-ip').click()
    await page.getByTestId('header-ip-input').fill('not an ip')
    await page.getByRole('button', { name: 'Set', exact: true }).click()
    await page.getByText('The IP was not changed').waitFor({ state: 'visible' })
    await page.getByTestId('header-ip-input').fill('203.0.113.7')
    await page.getByRole('button', { name: 'Set', exact: true }).click()
    await expect.poll(() => page.getByTestId('header-client-ip').textContent()).toBe('203.0.113.7')
    const ip = await admin<{ clientIp: string | null }>('/simulation/client-ip')
    expect(ip.clientIp).toBe('203.0.113.7')
    await page.screenshot({ path: join(SHOTS, 'header-ip.png') })
    // The rejected IP answered 400 on purpose: that is the only problem allowed.
    expect(
      problems.filter(
        (problem) =>
          !problem.includes('/simulation/client-ip') && !problem.includes('status of 400'),
      ),
    ).toEqual([])
  })

  it('finds exchanges by a header value, a body and the failing step, as recorded and once indexed', async () => {
    await page.locator('a[data-view="traffic"]').click()
    await rows().first().waitFor({ state: 'visible' })
    const all = await rows().count()
    // An API call without a token, tagged the way a batch job tags its requests.
    const tagged = await fetch(`${server.baseUrl}/services/data/v60.0/limits`, {
      headers: { 'x-correlation-id': 'Nightly-Batch-4821' },
    })
    expect(tagged.status).toBe(401)
    await expect.poll(() => rows().count()).toBe(all + 1)
    const search = page.getByTestId('traffic-search')
    const shown = () => rows().allTextContents()

    // The list follows the search box a moment later: wait for the rows a search should show.
    const PATHS = ['/services/data/v60.0/limits', '/services/oauth2/token']
    const showsOnly = async (text: string, urls: string[]) => {
      await search.fill(text)
      await expect
        .poll(async () => (await shown()).map((row) => PATHS.find((p) => row.includes(p)) ?? row), {
          // A shared CI machine may take a while to debounce, ask and draw.
          timeout: 10_000,
        })
        .toEqual(urls)
    }
    const check = async () => {
      await showsOnly('nightly-batch-48', ['/services/data/v60.0/limits'])
      // The failing step's explanation, and a field of a JSON answer as it was sent.
      await showsOnly('wrong password for ada', ['/services/oauth2/token'])
      await showsOnly('"errorCode":"INVALID_SESSION_ID"', ['/services/data/v60.0/limits'])
      await showsOnly('no exchange says this', [])
    }
    // Just recorded: the search reads the newest exchanges.
    await check()
    await showsOnly('nightly-batch-48', ['/services/data/v60.0/limits'])
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'traffic-search.png') })
    // In the pause that follows, the recorder indexes them; the answers stay the same.
    await expect
      .poll(
        async () => (await admin<{ searchIndexPending: number }>('/trace')).searchIndexPending,
        {
          timeout: 15_000,
        },
      )
      .toBe(0)
    await check()
    // Cleared, the list is whole again, with what arrived live before the search.
    await page.getByRole('button', { name: 'Clear the search' }).click()
    await expect.poll(() => rows().count()).toBe(all + 1)
    expect((await shown())[0]).toContain('/services/data/v60.0/limits')
    // The bad IP typed in the previous test is the only refusal the page saw.
    expect(problems.filter((problem) => !problem.includes('400'))).toEqual([])
  })

  it('pauses live updates, counts what arrived, and clears the trace', async () => {
    await page.locator('a[data-view="traffic"]').click()
    await rows().first().waitFor({ state: 'visible' })
    const before = await rows().count()
    await page.getByTestId('traffic-pause').click()
    await fetch(`${server.baseUrl}/.well-known/openid-configuration`)
    await fetch(`${server.baseUrl}/id/keys`)
    await expect.poll(() => page.getByTestId('traffic-pause').textContent()).toBe('Resume · 2 new')
    expect(await rows().count()).toBe(before)
    await page.getByTestId('traffic-pause').click()
    await expect.poll(() => rows().count()).toBe(before + 2)

    await page.getByRole('button', { name: 'Clear' }).click()
    await page.getByRole('button', { name: 'Delete all' }).click()
    await page.getByTestId('traffic-empty').waitFor({ state: 'visible' })
    expect(problems.filter((problem) => !problem.includes('400'))).toEqual([])
  })
})

describe('Traffic list with 100,000 exchanges (in-process engine)', () => {
  let gh: RunningGatehouse
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    gh = await startGatehouse({
      workspace: demoWorkspace(),
      uiDir: join(REPO_ROOT, 'out/renderer'),
    })
    const store = gh.engine.recorder!.store
    const start = Date.now()
    const endpoints = [
      ['POST', '/services/oauth2/token', 'token'],
      ['GET', '/services/data/v60.0/query?q=SELECT+Id+FROM+Account', 'rest'],
      ['GET', '/services/oauth2/authorize?response_type=code&client_id=x', 'authorize'],
      ['GET', '/services/oauth2/userinfo', 'userinfo'],
    ] as const
    const data = JSON.stringify({
      request: { headers: { host: '127.0.0.1' }, body: null },
      response: { headers: { 'content-type': 'application/json' }, body: null },
      grantId: null,
      socketIp: '127.0.0.1',
      faultDetail: null,
    })
    let id = store.maxIds().exchange
    const total = 100_000
    for (let batch = 0; batch < total / 5000; batch++) {
      const rows: TraceExchangeRow[] = []
      for (let i = 0; i < 5000; i++) {
        id += 1
        const [method, url, endpoint] = endpoints[id % endpoints.length]!
        const failed = id % 17 === 0
        rows.push({
          id,
          flow_id: null,
          started_at: start - (total - id) * 50,
          duration_ms: 3 + (id % 40),
          method,
          url,
          endpoint,
          status: failed ? 400 : 200,
          outcome: failed ? 'failed' : 'ok',
          failed_step: failed ? 'client.secret' : null,
          app_key: null,
          app_name: id % 3 ? 'Order Sync' : 'Nightly ETL',
          user_id: null,
          username: id % 2 ? 'ada@acme.test' : 'sam@acme.test',
          grant_type: endpoint === 'token' ? 'client_credentials' : null,
          client_ip: '127.0.0.1',
          fault: null,
          size: data.length,
          data,
          steps: '',
        })
      }
      store.writeBatch(rows, [], 0)
    }
    console.log(`seeded ${total} exchanges in ${Date.now() - start} ms`)
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
  }, 120_000)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await gh?.close()
  })

  it('scrolls without jank (frame times measured in the page)', async () => {
    const page = await context.newPage()
    const { problems } = await watchPage(page)
    await page.goto(workbenchUrl(gh.baseUrl, gh.engine.adminToken, 'traffic'))
    const list = page.getByTestId('traffic-list')
    await list.locator('[role="option"]').first().waitFor({ state: 'visible' })
    const rendered = await list.locator('[role="option"]').count()
    expect(rendered).toBeLessThan(80) // only the rows in view (plus overscan) are in the DOM

    // Scroll continuously, 180 px a frame (about 5 rows), recording the time between
    // animation frames: first down through the list for 900 frames (pages are fetched as the
    // end nears), then back up over rows already loaded for 600 frames.
    const measure = async (pixelsPerFrame: number, count: number) =>
      (await page.evaluate(`new Promise((done) => {
        const scroller = document.querySelector('[data-testid="traffic-list"]')
        const deltas = []
        let last = performance.now()
        let n = 0
        function step(now) {
          deltas.push(now - last)
          last = now
          scroller.scrollTop += ${pixelsPerFrame}
          if (++n < ${count}) requestAnimationFrame(step)
          else done(deltas.slice(1))
        }
        requestAnimationFrame(step)
      })`)) as number[]
    const report = (label: string, frames: number[]) => {
      const sorted = [...frames].sort((a, b) => a - b)
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
      const over50 = frames.filter((ms) => ms > 50).length
      console.log(
        `traffic list, 100k exchanges, ${label}: ${frames.length} frames, ` +
          `p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, ` +
          `max ${sorted[sorted.length - 1]!.toFixed(1)} ms, ${over50} frames over 50 ms`,
      )
      return pct(0.95)
    }
    const idle = await measure(0, 300)
    const down = await measure(180, 900)
    const count = await page.getByTestId('traffic-count').textContent()
    const up = await measure(-180, 600)
    report('idle page, no scrolling (baseline of this machine)', idle)
    const p95Down = report(`scrolling down while pages load (${count} loaded)`, down)
    const p95Up = report('scrolling back up over loaded rows', up)
    await page.screenshot({ path: join(SHOTS, 'traffic-100k.png') })
    expect(p95Down).toBeLessThan(100)
    expect(p95Up).toBeLessThan(100)
    expect(await list.locator('[role="option"]').count()).toBeLessThan(80)
    expect(problems).toEqual([])
  })
})
