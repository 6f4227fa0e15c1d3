import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * Options for every BrowserWindow the app opens (E2–E4, E6, E8, E18). A type-only import:
 * this file loads in plain Node, so the settings are unit-tested without Electron.
 */
export function windowOptions(
  preloadPath: string,
  { isPackaged }: { isPackaged: boolean },
): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Gatehouse',
    // Shown on 'ready-to-show' to avoid a white flash.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // DevTools only in development builds (E18).
      devTools: !isPackaged,
    },
  }
}
