import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as client from 'openid-client'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DevicePollGate } from '../support/device-poll-gate'
import { startGatehouse, type RunningGatehouse } from '../support/gatehouse'
import { PASSWORD, USERS } from '../support/workspace'
import { DV, part2Workspace } from '../integration/part2/support'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT } from './support/serve'

/**
 * The device flow as a standard client runs it: openid-client's initiateDeviceAuthorization
 * and pollDeviceAuthorizationGrant, unchanged, against discovery's device endpoint, while a
 * person opens verification_uri(_complete) in Chromium, logs in, checks the code and clicks
 * Allow. Screenshots of every state of the verification page go to test-results/e2e/device-*.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const WIDE = { width: 1280, height: 860 }
const NARROW = { width: 390, height: 844 }

describe('device flow: openid-client and the verification page in Chromium', () => {
  let gh: RunningGatehouse
  let browser: Browser
  let context: BrowserContext | undefined

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    gh = await startGatehouse({ workspace: part2Workspace() })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await gh?.close()
  })

  async function newPage(viewport = WIDE): Promise<{ page: Page; problems: string[] }> {
    await context?.close()
    context = await browser.newContext({ viewport, colorScheme: 'light' })
    const page = await context.newPage()
    const { problems } = await watchPage(page)
    return { page, problems }
  }

  async function configuration(gate: DevicePollGate): Promise<client.Configuration> {
    const config = await client.discovery(new URL(gh.baseUrl), DV.key, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    })
    config[client.customFetch] = gate.fetch
    return config
  }

  async function logIn(page: Page, shot?: string): Promise<void> {
    await page.locator('#username').waitFor({ state: 'visible' })
    if (shot) await page.screenshot({ path: join(SHOTS, shot), fullPage: true })
    await page.fill('#username', USERS.ada)
    await page.fill('#password', PASSWORD)
    await page.click('#Login')
  }

  it('verification_uri_complete: log in, compare the code, Allow; openid-client receives the tokens', async () => {
    const gate = new DevicePollGate(gh.clock)
    const config = await configuration(gate)
    const response = await client.initiateDeviceAuthorization(config, {
      scope: 'api refresh_token id',
    })
    expect(response.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/)

    // openid-client waits `interval` real seconds between polls; the gate plays that on the virtual clock.
    const tokens = client.pollDeviceAuthorizationGrant(config, { ...response, interval: 0 })
    await gate.release()

    const { page, problems } = await newPage()
    await page.goto(response.verification_uri_complete!)
    await logIn(page, 'device-login.png')
    await page.locator('#oaapprove').waitFor({ state: 'visible' })
    expect(await page.locator('#gh-user-code').textContent()).toBe(response.user_code)
    expect(await page.locator('#gh-app-name').textContent()).toBe(DV.name)
    expect(await page.locator('#gh-scopes').textContent()).toContain('Manage user data via APIs')
    await page.screenshot({ path: join(SHOTS, 'device-consent.png'), fullPage: true })

    // Still pending while the person reads the page.
    await gate.release()
    await page.click('#oaapprove')
    await page.locator('#gh-done-title').waitFor({ state: 'visible' })
    expect(await page.locator('#gh-done-title').textContent()).toBe('Your device is connected')
    await page.screenshot({ path: join(SHOTS, 'device-done.png'), fullPage: true })
    expect(problems).toEqual([])

    await gate.release()
    const result = await tokens
    expect(gate.polls).toBe(3)
    expect(result.access_token).toMatch(/^00D5g00000ABCDE!/)
    expect(result.refresh_token).toBeDefined()
    const userinfo = await client.fetchUserInfo(
      config,
      result.access_token,
      client.skipSubjectCheck,
    )
    expect(userinfo.preferred_username).toBe(USERS.ada)
  })

  it('verification_uri: type the code (any case, any dashes), with a wrong one first; Deny reaches the client', async () => {
    const gate = new DevicePollGate(gh.clock)
    const config = await configuration(gate)
    const response = await client.initiateDeviceAuthorization(config, { scope: 'api' })
    const outcome = client
      .pollDeviceAuthorizationGrant(config, { ...response, interval: 0 })
      .catch((err: unknown) => err)

    const { page, problems } = await newPage()
    await page.goto(response.verification_uri)
    await logIn(page)
    await page.locator('#user_code').waitFor({ state: 'visible' })
    await page.screenshot({ path: join(SHOTS, 'device-entry.png'), fullPage: true })

    await page.fill('#user_code', 'BBBB-BBBB')
    await page.click('#connect')
    await page.locator('#error').waitFor({ state: 'visible' })
    expect(await page.locator('#error span').textContent()).toBe(
      'That code is invalid or has expired. Check the code on your device and try again. 4 tries left.',
    )
    await page.screenshot({ path: join(SHOTS, 'device-entry-error.png'), fullPage: true })

    await page.fill('#user_code', response.user_code.toLowerCase().replace('-', ''))
    await page.click('#connect')
    await page.locator('#oadeny').waitFor({ state: 'visible' })
    await page.click('#oadeny')
    await page.locator('#gh-done-title').waitFor({ state: 'visible' })
    expect(await page.locator('#gh-done-title').textContent()).toBe('Access denied')
    await page.screenshot({ path: join(SHOTS, 'device-denied.png'), fullPage: true })
    expect(problems).toEqual([])

    await gate.release()
    expect(await outcome).toMatchObject({ error: 'access_denied' })
  })

  it('looks right on a narrow screen, and locks after 5 wrong codes', async () => {
    const { page } = await newPage(NARROW)
    const response = await client.initiateDeviceAuthorization(
      await configuration(new DevicePollGate(gh.clock)),
      {
        scope: 'api id',
      },
    )
    await page.goto(`${gh.baseUrl}/setup/connect`)
    await logIn(page, 'device-login-narrow.png')
    await page.locator('#user_code').waitFor({ state: 'visible' })
    await page.screenshot({ path: join(SHOTS, 'device-entry-narrow.png'), fullPage: true })
    await page.goto(response.verification_uri_complete!)
    await page.locator('#oaapprove').waitFor({ state: 'visible' })
    await page.screenshot({ path: join(SHOTS, 'device-consent-narrow.png'), fullPage: true })

    await page.setViewportSize(WIDE)
    await page.goto(`${gh.baseUrl}/setup/connect`)
    for (let i = 0; i < 5; i++) {
      await page.fill('#user_code', 'CCCC-CCCC')
      await page.click('#connect')
      await page.waitForLoadState()
    }
    await page.locator('#gh-locked-title').waitFor({ state: 'visible' })
    expect(await page.locator('form').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'device-locked.png'), fullPage: true })
  })

  it('cannot be framed (case 8)', async () => {
    const { page } = await newPage()
    await page.setContent(
      `<iframe src="${gh.baseUrl}/setup/connect" width="600" height="600"></iframe>`,
    )
    const frame = page.frames().find((f) => f !== page.mainFrame())
    expect(frame).toBeDefined()
    await frame!.waitForLoadState()
    expect(await frame!.locator('#username').count()).toBe(0)
  })
})
