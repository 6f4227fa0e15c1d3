import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, watchPage } from './browser'
import { REPO_ROOT, startServe, type ServeHandle } from './serve'

/** Where the e2e tests put their screenshots (look at them). */
export const SHOTS = join(REPO_ROOT, 'test-results/e2e')
export const VIEWPORT = { width: 1440, height: 900 }

export function workbenchUrl(baseUrl: string, token: string, view: string): string {
  return `${baseUrl}/_gatehouse/#/${view}&token=${encodeURIComponent(token)}`
}

/** A `gatehouse serve` and a Chromium page watched for problems, closed together. */
export interface Workbench {
  server: ServeHandle
  browser: Browser
  context: BrowserContext
  page: Page
  /** Console errors, page errors, failed or 4xx/5xx requests seen so far. */
  problems: string[]
  /** Opens a view of the workbench, signed in with the admin token. */
  open(view: string): Promise<void>
  /** The admin API with the admin token (JSON in and out). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller reads its own shape
  admin(method: string, path: string, body?: unknown): Promise<any>
  close(): Promise<void>
}

export async function openWorkbench(options: { serveArgs?: string[] } = {}): Promise<Workbench> {
  await mkdir(SHOTS, { recursive: true })
  const server = await startServe({ args: options.serveArgs ?? [] })
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
  const page = await context.newPage()
  const { problems } = await watchPage(page)
  return {
    server,
    browser,
    context,
    page,
    problems,
    async open(view) {
      await page.goto(workbenchUrl(server.baseUrl, server.adminToken, view))
    },
    async admin(method, path, body) {
      const res = await fetch(`${server.baseUrl}/_gatehouse/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return text ? JSON.parse(text) : undefined
    },
    async close() {
      await context.close()
      await browser.close()
      await server.stop()
    },
  }
}
