import { describe, expect, it } from 'vitest'
import { windowOptions } from '../../../src/main/policy/window-options'

describe('windowOptions (E2–E4, E6, E8, E18)', () => {
  const packaged = windowOptions('/app/out/preload/index.cjs', { isPackaged: true })
  const dev = windowOptions('/app/out/preload/index.cjs', { isPackaged: false })
  const prefs = packaged.webPreferences ?? {}

  it('isolates the renderer: context isolation and the sandbox on (E3, E4)', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
  })

  it('never gives Node to the page, its workers or sub-frames (E2)', () => {
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security and never enables insecure content or experimental features (E6)', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs).not.toHaveProperty('experimentalFeatures')
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('has no <webview> and no spellchecker service (E8)', () => {
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.spellcheck).toBe(false)
  })

  it('uses the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('allows DevTools only in development builds (E18)', () => {
    expect(prefs.devTools).toBe(false)
    expect(dev.webPreferences?.devTools).toBe(true)
    // Everything else is the same in both.
    expect({ ...dev.webPreferences, devTools: false }).toEqual(prefs)
  })
})
