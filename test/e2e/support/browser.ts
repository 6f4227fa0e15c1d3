import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  })
}

/**
 * Collects everything that should never happen on a healthy page: console errors, uncaught
 * exceptions, Content-Security-Policy violations, and failed or 4xx/5xx requests. Call before
 * the first navigation.
 */
export async function watchPage(page: Page): Promise<{ problems: string[] }> {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed'
    // Navigations away and aborted polls are not errors of the page.
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${reason})`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`)
    }
  })
  await page.exposeFunction('__gatehouseCspViolation', (text: string) =>
    problems.push(`CSP violation: ${text}`),
  )
  // Runs in the page (before its own scripts); a string, as this file is compiled without DOM types.
  await page.addInitScript(`
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__gatehouseCspViolation(
        event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'),
      )
    })
  `)
  return { problems }
}
