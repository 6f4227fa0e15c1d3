import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, SHOTS, type Workbench } from './support/workbench'

/**
 * The Errors view against a real `gatehouse serve`: the catalog searched, one entry read and
 * reproduced on the live engine, its run stepped through, its flow opened, and the Traffic
 * view's Why tab leading from the refusal back to the entry.
 */
describe('Errors view (gatehouse serve + Chromium)', () => {
  let bench: Workbench
  let page: Page

  beforeAll(async () => {
    bench = await openWorkbench()
    page = bench.page
  })
  afterAll(() => bench?.close())

  const rows = () => page.locator('[data-testid^="errors-row-"]')

  it('lists the catalog and narrows it as the user types', async () => {
    await bench.open('errors')
    await expect.poll(() => rows().count()).toBeGreaterThanOrEqual(24)
    const all = await rows().count()
    expect(await page.getByTestId('errors-count').innerText()).toBe(`${all} of ${all} errors`)
    await page.screenshot({ path: join(SHOTS, 'errors-list.png') })

    await page.getByTestId('errors-search').fill('login hours')
    await expect.poll(() => rows().count()).toBeLessThan(all)
    const ids = await rows().evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))
    expect(ids).toContain('errors-row-ip_restricted-login-hours')
    await page.getByTestId('errors-search').fill('zzz no such error')
    await expect.poll(() => rows().count()).toBe(0)
    await page.getByText('No error matches').waitFor()
    await page.getByTestId('errors-search').fill('login hours')
  })

  it('shows when it happens, what the user sees and the fix', async () => {
    await page.getByTestId('errors-row-ip_restricted-login-hours').click()
    const detail = page.getByTestId('errors-detail')
    await detail.waitFor()
    const text = await detail.innerText()
    expect(text).toContain('When it happens')
    expect(text).toContain('What the user sees')
    expect(text).toContain('Fix')
    expect(text).toContain('policy.login_hours')
    expect(await page.getByTestId('errors-answer').innerText()).toBe(
      '{"error":"invalid_grant","error_description":"ip restricted or invalid login hours"}',
    )
    expect(page.url()).toContain('#/errors/ip_restricted-login-hours')
    await page.screenshot({ path: join(SHOTS, 'errors-detail.png') })
  })

  it('reproduces it on the live engine, step by step, and goes on to the run and the flow', async () => {
    await page.getByTestId('errors-reproduce').click()
    const result = page.getByTestId('errors-result')
    await result.waitFor()
    expect(await result.getAttribute('data-status')).toBe('passed')
    expect(await result.innerText()).toContain('Put back afterwards')
    await expect
      .poll(() => page.getByTestId('errors-step').first().getAttribute('data-pass'))
      .toBe('true')
    await page.screenshot({ path: join(SHOTS, 'errors-reproduced.png'), fullPage: true })

    await page.getByTestId('errors-open-run').click()
    await expect.poll(() => page.getByTestId('run-status').innerText()).toMatch(/failed/i)
    expect(await page.locator('h1').innerText()).toContain('username-password')
    await page.screenshot({ path: join(SHOTS, 'errors-run.png') })

    await page.goBack()
    await page
      .getByTestId('errors-result')
      .waitFor({ state: 'detached' })
      .catch(() => undefined)
    // The result lives with the page that asked: reproduce again, then open the flow.
    await page.getByTestId('errors-reproduce').click()
    await page.getByTestId('errors-open-flow').click()
    await expect.poll(() => page.url()).toMatch(/#\/flows\/\d+/)
    await page.locator('svg').first().waitFor()
    await page.screenshot({ path: join(SHOTS, 'errors-flow.png') })
  })

  it("links the refusal in Traffic's Why tab back to its catalog entry", async () => {
    await bench.open('traffic')
    await page
      .locator('[data-testid="traffic-list"] [role="option"][data-failed]')
      .filter({ hasText: '/services/oauth2/token' })
      .first()
      .click()
    await page.getByRole('tab', { name: 'Why' }).click()
    const link = page.getByTestId('why-catalog')
    await link.waitFor()
    expect(await link.innerText()).toContain('outside the profile')
    await page.mouse.move(1400, 880)
    await page.screenshot({ path: join(SHOTS, 'errors-why-link.png') })
    await link.getByRole('link').first().click()
    await expect.poll(() => page.url()).toContain('#/errors/ip_restricted-login-hours')
    await page.getByTestId('errors-detail').waitFor()
    expect(bench.problems).toEqual([])
  })
})
