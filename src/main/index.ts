import { app, dialog, session, shell, type BrowserWindow } from 'electron'
import { createGatehouse, type Gatehouse } from '../core'
import { registerAppSchemePrivileges, serveAppScheme } from './app-protocol'
import { registerIpcHandlers } from './ipc'
import { pickSfdxProject, saveSfdxFiles } from './sfdx-dialogs'
import { contentSecurityPolicy } from './policy/csp'
import { listenWithFallback } from './policy/engine-port'
import { createIpcHandlers } from './policy/ipc-contract'
import {
  bundlePaths,
  desktopDataDir,
  desktopUserDataDir,
  focusWindow,
  once,
} from './policy/lifecycle'
import { createMainWindow, hardenSession, hardenWebContents } from './web-contents'

// Lifecycle only; every decision lives in ./policy (plain functions, unit-tested).

const ENGINE_HOST = '127.0.0.1'
const ENGINE_PORT = 8787

const paths = bundlePaths(import.meta.dirname)
let engine: Gatehouse | null = null
let serverOrigin: string | null = null
let mainWindow: BrowserWindow | null = null

// Before 'ready': the scheme's privileges and the data folder the CLI shares.
registerAppSchemePrivileges()
app.setPath('userData', desktopUserDataDir(app.getPath('appData')))

const closeEngine = once(
  async () => {
    const running = engine
    engine = null
    await running?.close()
  },
  (err) => console.error('Gatehouse: error while stopping the engine:', err),
)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    focusWindow(mainWindow)
  })
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, () => serverOrigin)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (!focusWindow(mainWindow) && engine) openWindow()
  })
  // Quit: stop the engine (in-flight requests finish, database closed), then exit.
  let stopped = false
  app.on('will-quit', (event) => {
    if (stopped) return
    event.preventDefault()
    void closeEngine().finally(() => {
      stopped = true
      app.exit(0)
    })
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit())

  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  let apiBase: string
  try {
    const started = await createGatehouse({
      dataDir: desktopDataDir(app.getPath('userData')),
      uiDir: paths.renderer,
      backgroundCheckpoints: true,
      traceWriterScript: paths.traceWriter,
    })
    engine = started
    ;({ baseUrl: apiBase } = await listenWithFallback(
      (target) => started.listen(target),
      ENGINE_HOST,
      ENGINE_PORT,
      (message) => console.warn(message),
    ))
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    dialog.showErrorBox('Gatehouse could not start', message)
    await closeEngine()
    app.exit(1)
    return
  }
  serverOrigin = new URL(apiBase).origin
  const adminToken = engine.adminToken

  hardenSession(session.defaultSession)
  serveAppScheme(paths.renderer, contentSecurityPolicy(apiBase))
  registerIpcHandlers(
    createIpcHandlers({
      connection: () => ({ apiBase, adminToken }),
      serverOrigin: () => serverOrigin,
      openExternal: (url) => shell.openExternal(url),
      pickSfdxProject: () => pickSfdxProject(mainWindow),
      saveSfdxFiles: (files) => saveSfdxFiles(mainWindow, files),
    }),
  )
  openWindow()
}

function openWindow(): void {
  const window = createMainWindow(paths.preload, app.isPackaged)
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  mainWindow = window
}
