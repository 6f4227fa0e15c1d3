import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findElectronBinary, hasDisplay } from '../../../scripts/start-decision.mjs'

// Runtime form of E1–E4, E7, E10, E14, E16: the built app in a real Electron, driven by
// playwright-core. Runs only where an Electron binary, a display and a build exist.

const root = path.resolve(import.meta.dirname, '../../..')

function electronDir(): string | null {
  try {
    return path.dirname(
      createRequire(path.join(root, 'package.json')).resolve('electron/package.json'),
    )
  } catch {
    return null
  }
}

const binary = findElectronBinary({
  electronDir: electronDir(),
  env: process.env,
  fs: { existsSync, readFileSync: (p: string, e: 'utf8') => readFileSync(p, e) },
})
const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((f) =>
  existsSync(path.join(root, f)),
)

const skipReason = !binary
  ? 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): desktop smoke test skipped'
  : !hasDisplay(process.platform, process.env)
    ? 'no display (DISPLAY / WAYLAND_DISPLAY unset): desktop smoke test skipped'
    : !built
      ? 'app not built (run `npm run build`): desktop smoke test skipped'
      : null

if (skipReason) console.log(`[electron-smoke] ${skipReason}`)

interface Bridge {
  connection(): Promise<{ apiBase: string; adminToken: string }>
  openExternal(url: string): Promise<void>
  platform: string
}

describe.skipIf(skipReason !== null)(
  `Electron desktop smoke${skipReason ? ` — ${skipReason}` : ''}`,
  () => {
    type App = Awaited<ReturnType<(typeof import('playwright-core'))['_electron']['launch']>>
    let app: App
    let dataRoot: string

    beforeAll(async () => {
      const { _electron } = await import('playwright-core')
      dataRoot = mkdtempSync(path.join(tmpdir(), 'gatehouse-smoke-'))
      const args = [root]
      if (process.getuid?.() === 0) args.unshift('--no-sandbox')
      app = await _electron.launch({
        executablePath: binary ?? undefined,
        args,
        // A throwaway data folder: app.getPath('appData') follows these.
        env: { ...process.env, XDG_CONFIG_HOME: dataRoot, APPDATA: dataRoot, HOME: dataRoot },
      })
    }, 60_000)

    afterAll(async () => {
      await app?.close()
      if (dataRoot) rmSync(dataRoot, { recursive: true, force: true })
    })

    it('opens one window on app://gatehouse with locked-down preferences', async () => {
      const page = await app.firstWindow()
      expect(page.url()).toBe('app://gatehouse/index.html')
      const state = await app.evaluate(({ BrowserWindow }) => {
        const windows = BrowserWindow.getAllWindows()
        // Not in Electron's typings, but present at runtime in recent versions.
        const contents = windows[0]?.webContents as unknown as
          { getLastWebPreferences?: () => Record<string, unknown> | null } | undefined
        return { count: windows.length, prefs: contents?.getLastWebPreferences?.() ?? null }
      })
      expect(state.count).toBe(1)
      if (state.prefs) {
        expect(state.prefs).toMatchObject({
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          webviewTag: false,
        })
      }
      // Whatever the preferences say, the page itself has no Node.
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
        'undefined',
      )
    })

    it('exposes only the named bridge, and no Node', async () => {
      const page = await app.firstWindow()
      const keys = await page.evaluate(() =>
        Object.keys((globalThis as unknown as { gatehouse: Bridge }).gatehouse).sort(),
      )
      expect(keys).toEqual(['connection', 'openExternal', 'platform'])
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      )
      const connection = await page.evaluate(() =>
        (globalThis as unknown as { gatehouse: Bridge }).gatehouse.connection(),
      )
      expect(connection.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(connection.adminToken.length).toBeGreaterThan(20)
      await expect(
        page.evaluate(() =>
          (globalThis as unknown as { gatehouse: Bridge }).gatehouse.openExternal(
            'file:///etc/passwd',
          ),
        ),
      ).rejects.toThrow(/refused-url/)
    })

    it('serves app:// with the CSP header and refuses traversal', async () => {
      const page = await app.firstWindow()
      const result = await page.evaluate(async () => {
        const index = await fetch('app://gatehouse/index.html')
        const escape = await fetch('app://gatehouse/%2e%2e/%2e%2e/package.json')
        return { csp: index.headers.get('content-security-policy'), escape: escape.status }
      })
      expect(result.csp).toContain("script-src 'self'")
      expect(result.escape).toBe(404)
    })

    it('never opens a second window', async () => {
      const page = await app.firstWindow()
      const opened = await page.evaluate(() =>
        (globalThis as unknown as { open(u: string): unknown }).open('app://gatehouse/index.html'),
      )
      expect(opened).toBeNull()
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
        1,
      )
    })
  },
)
