import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, watchPage } from './support/browser'
import { REPO_ROOT, startServe, type ServeHandle } from './support/serve'

/**
 * Workspace → Import from SFDX project… against a real `gatehouse serve` (the demo
 * workspace): a project folder is picked, the preview shows what will change and nothing
 * changes until Apply; a malformed file is refused naming it; Export as metadata lists files.
 */
const SHOTS = join(REPO_ROOT, 'test-results/e2e')
const VIEWPORT = { width: 1440, height: 900 }
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const DIR = 'force-app/main/default'

const PROJECT: Record<string, string> = {
  'sfdx-project.json': JSON.stringify({
    packageDirectories: [{ path: 'force-app', default: true }],
  }),
  [`${DIR}/connectedApps/Order_Sync.connectedApp-meta.xml`]: `${HEAD}<ConnectedApp ${NS}>
    <contactEmail>platform@acme.test</contactEmail>
    <label>Order Sync</label>
    <oauthConfig>
        <callbackUrl>http://localhost:3000/oauth/callback</callbackUrl>
        <isAdminApproved>true</isAdminApproved>
        <scopes>Api</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>BYPASS</ipRelaxation>
        <refreshTokenPolicy>specific_inactivity:30:DAYS</refreshTokenPolicy>
    </oauthPolicy>
    <profileName>Integration Ops</profileName>
</ConnectedApp>
`,
  [`${DIR}/externalClientApps/Warehouse_Bridge.eca-meta.xml`]: `${HEAD}<ExternalClientApplication ${NS}>
    <contactEmail>platform@acme.test</contactEmail>
    <distributionState>Local</distributionState>
    <label>Warehouse Bridge</label>
</ExternalClientApplication>
`,
  [`${DIR}/extlClntAppOauthSettings/Warehouse_Bridge_oauth.ecaOauth-meta.xml`]: `${HEAD}<ExtlClntAppOauthSettings ${NS}>
    <commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>
    <externalClientApplication>Warehouse_Bridge</externalClientApplication>
    <label>Warehouse_Bridge_oauth</label>
    <trustedIpRanges>
        <endIpAddress>10.20.0.255</endIpAddress>
        <startIpAddress>10.20.0.0</startIpAddress>
    </trustedIpRanges>
</ExtlClntAppOauthSettings>
`,
}

function workbenchUrl(baseUrl: string, token: string, view: string): string {
  return `${baseUrl}/_gatehouse/#/${view}&token=${encodeURIComponent(token)}`
}

describe('Import from SFDX project in the workbench (gatehouse serve + Chromium)', () => {
  let server: ServeHandle
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]
  let projectDir: string

  const workspace = async () => {
    const response = await fetch(`${server.baseUrl}/_gatehouse/api/workspace`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    })
    return (await response.json()) as {
      apps: Array<{ name: string; policies: { ipRelaxation: string; profiles: string[] } }>
      profiles: Array<{ name: string }>
    }
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    projectDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-sfdx-'))
    for (const [path, text] of Object.entries(PROJECT)) {
      mkdirSync(dirname(join(projectDir, 'acme-project', path)), { recursive: true })
      writeFileSync(join(projectDir, 'acme-project', path), text)
    }
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
    if (projectDir) rmSync(projectDir, { recursive: true, force: true })
  })

  it('previews a picked project folder, changes nothing, then applies it', async () => {
    await page.goto(workbenchUrl(server.baseUrl, server.adminToken, 'workspace'))
    await page.getByTestId('sfdx-import-open').click()
    await page.getByTestId('sfdx-folder-input').setInputFiles(join(projectDir, 'acme-project'))

    const report = page.getByTestId('sfdx-report')
    await report.waitFor()
    await expect
      .poll(() => page.getByTestId('sfdx-source').innerText())
      .toMatch(/acme-project.*3 metadata files/)
    const apps = page.getByTestId('sfdx-app')
    await expect.poll(() => apps.count()).toBe(2)
    const orderSync = apps.filter({ hasText: 'Order Sync' })
    await expect.poll(() => orderSync.innerText()).toMatch(/updated[\s\S]*matched by name/)
    const changes = await orderSync.getByTestId('sfdx-changes').innerText()
    expect(changes).toMatch(/policies\.ipRelaxation\s+"enforce"\s+"relax"/)
    expect(changes).toMatch(
      /policies\.permittedUsers\s+"allSelfAuthorize"\s+"adminApprovedPreAuthorized"/,
    )
    const bridge = apps.filter({ hasText: 'Warehouse Bridge' })
    expect(await bridge.innerText()).toMatch(
      /created[\s\S]*consumer key generated[\s\S]*secret generated/,
    )
    expect(await report.innerText()).toContain('profile “Integration Ops”')
    expect(await report.innerText()).toMatch(
      /Kept as is \(written back on export\): label, trustedIpRanges/,
    )
    await page.screenshot({ path: join(SHOTS, 'sfdx-import-preview.png') })

    // A preview only: the running workspace is as it was.
    const before = await workspace()
    expect(before.apps.find((a) => a.name === 'Order Sync')!.policies.ipRelaxation).toBe('enforce')
    expect(before.apps.some((a) => a.name === 'Warehouse Bridge')).toBe(false)

    await page.getByTestId('sfdx-apply').click()
    await expect.poll(() => page.getByText('Imported from the SFDX project').count()).toBe(1)
    const after = await workspace()
    expect(after.apps.find((a) => a.name === 'Order Sync')!.policies).toMatchObject({
      ipRelaxation: 'relax',
      profiles: ['Integration Ops'],
    })
    expect(after.apps.some((a) => a.name === 'Warehouse Bridge')).toBe(true)
    expect(after.profiles.map((p) => p.name)).toContain('Integration Ops')
    await page.screenshot({ path: join(SHOTS, 'sfdx-import-applied.png') })
  })

  it('refuses a malformed file, naming the file and the line', async () => {
    const bad = join(projectDir, 'Broken.ecaOauth-meta.xml')
    writeFileSync(
      bad,
      PROJECT[`${DIR}/extlClntAppOauthSettings/Warehouse_Bridge_oauth.ecaOauth-meta.xml`]!.replace(
        '</label>',
        '</lable>',
      ),
    )
    await page.getByTestId('sfdx-import-open').click()
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Choose files…' }).click()
    await (await chooser).setFiles([bad])
    const alert = page.getByRole('alert').filter({ hasText: 'cannot be imported' })
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/Broken\.ecaOauth-meta\.xml.*line 5: malformed XML/s)
    await expect.poll(() => page.getByTestId('sfdx-apply').isDisabled()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'sfdx-import-error.png') })
    await page.getByRole('button', { name: 'Cancel' }).click()
    // The refused preview is the only failed request of the page.
    // (Chromium also logs it to the console, without its address.)
    const expected = (p: string) =>
      p.includes('/_gatehouse/api/workspace/sfdx') || /status of 400 \(Bad Request\)/.test(p)
    expect(problems.filter((p) => !expected(p))).toEqual([])
    expect(problems.filter((p) => p.startsWith('HTTP 400'))).toHaveLength(1)
  })

  it('lists the apps as metadata files for export', async () => {
    await page.getByTestId('sfdx-export-open').click()
    const list = page.getByTestId('sfdx-export-files')
    await expect
      .poll(() => list.innerText())
      .toContain(`${DIR}/connectedApps/Order_Sync.connectedApp-meta.xml`)
    expect(await list.innerText()).toContain(
      `${DIR}/extlClntAppOauthSettings/Warehouse_Bridge_oauth.ecaOauth-meta.xml`,
    )
    expect(await list.innerText()).not.toContain('ecaGlblOauth')
    await page.getByTestId('sfdx-with-secrets').click()
    await expect
      .poll(() => list.innerText())
      .toContain('Warehouse_Bridge_glbloauth.ecaGlblOauth-meta.xml')
    const download = page.waitForEvent('download')
    await list.getByRole('button', { name: 'Download' }).first().click()
    expect((await download).suggestedFilename()).toMatch(/-meta\.xml$/)
    await page.screenshot({ path: join(SHOTS, 'sfdx-export.png') })
  })
})
