import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  decideStartMode,
  findElectronBinary,
  hasDisplay,
  nativeBuildKey,
  nativeSwitchAction,
} from '../../../scripts/start-decision.mjs'

const ELECTRON_DIR = '/repo/node_modules/electron'

function fakeFs(files: Record<string, string>) {
  return {
    existsSync: (p: string) => p in files,
    readFileSync: (p: string) => {
      if (!(p in files)) throw new Error(`ENOENT ${p}`)
      return files[p] as string
    },
  }
}

describe('findElectronBinary', () => {
  it('finds the binary the electron package points at', () => {
    const fs = fakeFs({
      [path.join(ELECTRON_DIR, 'path.txt')]: 'electron',
      [path.join(ELECTRON_DIR, 'dist', 'electron')]: '',
    })
    expect(findElectronBinary({ electronDir: ELECTRON_DIR, env: {}, fs })).toBe(
      path.join(ELECTRON_DIR, 'dist', 'electron'),
    )
  })

  it('is null when installed with ELECTRON_SKIP_BINARY_DOWNLOAD (no path.txt, no dist)', () => {
    expect(findElectronBinary({ electronDir: ELECTRON_DIR, env: {}, fs: fakeFs({}) })).toBeNull()
  })

  it('is null when path.txt names a binary that is not there', () => {
    const fs = fakeFs({ [path.join(ELECTRON_DIR, 'path.txt')]: 'electron' })
    expect(findElectronBinary({ electronDir: ELECTRON_DIR, env: {}, fs })).toBeNull()
  })

  it('is null without the electron package', () => {
    expect(findElectronBinary({ electronDir: null, env: {}, fs: fakeFs({}) })).toBeNull()
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', () => {
    const fs = fakeFs({ [path.join('/opt/electron', 'electron')]: '' })
    expect(
      findElectronBinary({
        electronDir: ELECTRON_DIR,
        env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' },
        fs,
      }),
    ).toBe(path.join('/opt/electron', 'electron'))
  })
})

describe('hasDisplay', () => {
  it('macOS and Windows always have one', () => {
    expect(hasDisplay('darwin', {})).toBe(true)
    expect(hasDisplay('win32', {})).toBe(true)
  })

  it('Linux needs DISPLAY or WAYLAND_DISPLAY', () => {
    expect(hasDisplay('linux', {})).toBe(false)
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false)
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true)
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true)
    expect(hasDisplay('freebsd', { DISPLAY: ':1' })).toBe(true)
  })
})

describe('decideStartMode', () => {
  const binary = '/repo/node_modules/electron/dist/electron'

  it('desktop with a binary and a display, passing args through', () => {
    expect(
      decideStartMode({
        platform: 'linux',
        env: { DISPLAY: ':0' },
        electronBinary: binary,
        args: ['--foo'],
      }),
    ).toEqual({ mode: 'desktop', electronBinary: binary, args: ['--foo'] })
    expect(decideStartMode({ platform: 'darwin', env: {}, electronBinary: binary }).mode).toBe(
      'desktop',
    )
  })

  it('headless without the binary, saying why in one line', () => {
    const decision = decideStartMode({
      platform: 'linux',
      env: { DISPLAY: ':0' },
      electronBinary: null,
      args: ['--port', '0'],
    })
    expect(decision).toMatchObject({ mode: 'headless', reason: 'no-binary', args: ['--port', '0'] })
    if (decision.mode !== 'headless') throw new Error('unreachable')
    expect(decision.message).toContain('no Electron binary found')
    expect(decision.message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(decision.message).toContain('headless')
    expect(decision.message).not.toContain('\n')
  })

  it('headless without a display', () => {
    const decision = decideStartMode({ platform: 'linux', env: {}, electronBinary: binary })
    expect(decision).toMatchObject({ mode: 'headless', reason: 'no-display' })
    if (decision.mode !== 'headless') throw new Error('unreachable')
    expect(decision.message).toMatch(/^Gatehouse: no display .* headless instead\.$/)
  })

  it('--headless or GATEHOUSE_HEADLESS=1 forces headless; the flag is not passed on', () => {
    expect(
      decideStartMode({
        platform: 'darwin',
        env: {},
        electronBinary: binary,
        args: ['--headless', '--port', '9000'],
      }),
    ).toMatchObject({ mode: 'headless', reason: 'forced', args: ['--port', '9000'] })
    expect(
      decideStartMode({
        platform: 'darwin',
        env: { GATEHOUSE_HEADLESS: '1' },
        electronBinary: binary,
      }),
    ).toMatchObject({ mode: 'headless', reason: 'forced' })
  })
})

describe('better-sqlite3 runtime switching', () => {
  it('names each build by runtime and ABI / version', () => {
    expect(nativeBuildKey({ runtime: 'node', abi: '115' })).toBe('node-abi115')
    expect(nativeBuildKey({ runtime: 'electron', version: '45.5.0' })).toBe('electron-45.5.0')
  })

  it('rebuilds only when switching to a runtime with no cached build', () => {
    expect(nativeSwitchAction({ loadsInTarget: true, cachedForTarget: false })).toBe('ready')
    expect(nativeSwitchAction({ loadsInTarget: true, cachedForTarget: true })).toBe('ready')
    expect(nativeSwitchAction({ loadsInTarget: false, cachedForTarget: true })).toBe('restore')
    expect(nativeSwitchAction({ loadsInTarget: false, cachedForTarget: false })).toBe('rebuild')
  })
})
