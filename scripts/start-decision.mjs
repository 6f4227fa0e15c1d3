// Decides how `npm start` runs Gatehouse: the desktop app (Electron) or headless (`gatehouse
// serve` + a browser). Pure functions over injected fs/env so they are unit-tested
// (test/unit/main/start-decision.test.ts); scripts/start.mjs does the side effects.
import path from 'node:path'

/**
 * Path of the Electron executable if it is installed, else null. This is what
 * `require('electron')` returns, minus its side effect: when the binary is missing,
 * electron/index.js tries to download it, which must not happen here (no network, and
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 installs only the package's JavaScript).
 *
 * @param {{ electronDir: string | null, env: Record<string, string | undefined>,
 *   fs: { existsSync(p: string): boolean, readFileSync(p: string, encoding: 'utf8'): string } }} input
 * @returns {string | null}
 */
export function findElectronBinary({ electronDir, env, fs }) {
  if (!electronDir) return null
  const pathFile = path.join(electronDir, 'path.txt')
  let relative = ''
  if (fs.existsSync(pathFile)) relative = fs.readFileSync(pathFile, 'utf8').trim()
  let binary = null
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
  } else if (relative) {
    binary = path.join(electronDir, 'dist', relative)
  }
  return binary && fs.existsSync(binary) ? binary : null
}

/**
 * Whether a desktop session can show a window: always on macOS and Windows; elsewhere
 * (Linux, BSD) only with an X11 or Wayland display.
 *
 * @param {string} platform
 * @param {Record<string, string | undefined>} env
 */
export function hasDisplay(platform, env) {
  if (platform === 'darwin' || platform === 'win32') return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

const HEADLESS_TAIL = 'serving the workbench headless instead.'

/**
 * @typedef {{ mode: 'desktop', electronBinary: string, args: string[] }
 *   | { mode: 'headless', reason: 'forced' | 'no-binary' | 'no-display', message: string, args: string[] }} StartDecision
 */

/**
 * Desktop needs the Electron binary AND a display; otherwise headless, with one line saying
 * why. `--headless` (or GATEHOUSE_HEADLESS=1) forces headless; other args pass through.
 *
 * @param {{ platform: string, env: Record<string, string | undefined>,
 *   electronBinary: string | null, args?: string[] }} input
 * @returns {StartDecision}
 */
export function decideStartMode({ platform, env, electronBinary, args = [] }) {
  const forced = args.includes('--headless') || env.GATEHOUSE_HEADLESS === '1'
  const rest = args.filter((arg) => arg !== '--headless')
  if (forced) {
    return {
      mode: 'headless',
      reason: 'forced',
      message: `Gatehouse: headless mode requested — ${HEADLESS_TAIL}`,
      args: rest,
    }
  }
  if (!electronBinary) {
    return {
      mode: 'headless',
      reason: 'no-binary',
      message:
        'Gatehouse: no Electron binary found (install without ELECTRON_SKIP_BINARY_DOWNLOAD to ' +
        `get the desktop app) — ${HEADLESS_TAIL}`,
      args: rest,
    }
  }
  if (!hasDisplay(platform, env)) {
    return {
      mode: 'headless',
      reason: 'no-display',
      message: `Gatehouse: no display (neither DISPLAY nor WAYLAND_DISPLAY is set) — ${HEADLESS_TAIL}`,
      args: rest,
    }
  }
  return { mode: 'desktop', electronBinary, args: rest }
}

/**
 * better-sqlite3 is compiled for one runtime at a time (Node for tests and the CLI, Electron
 * for the desktop app). The start and package scripts switch it; this names each build.
 *
 * @param {{ runtime: 'node', abi: string } | { runtime: 'electron', version: string }} target
 */
export function nativeBuildKey(target) {
  return target.runtime === 'node' ? `node-abi${target.abi}` : `electron-${target.version}`
}

/**
 * What to do to make better-sqlite3 load in `target`, given what is known:
 * - 'ready'   the current binary already loads in the target runtime;
 * - 'restore' a binary built earlier for the target is cached: copy it into place (no compile);
 * - 'rebuild' compile it (electron-builder install-app-deps / npm rebuild), then cache it.
 *
 * @param {{ loadsInTarget: boolean, cachedForTarget: boolean }} state
 * @returns {'ready' | 'restore' | 'rebuild'}
 */
export function nativeSwitchAction({ loadsInTarget, cachedForTarget }) {
  if (loadsInTarget) return 'ready'
  return cachedForTarget ? 'restore' : 'rebuild'
}
