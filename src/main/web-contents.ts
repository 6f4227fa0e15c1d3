import { BrowserWindow, shell, type Session, type WebContents } from 'electron'
import { APP_ENTRY_URL } from './policy/app-origin'
import { isAllowedNavigation, windowOpenDecision } from './policy/navigation'
import { isPermissionAllowed } from './policy/permissions'
import { windowOptions } from './policy/window-options'

/** Permission request and check handlers both deny all but the explicit list (E5). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  )
}

/**
 * Guards for every webContents the app ever creates (registered on 'web-contents-created'):
 * navigation only within app://gatehouse (E9), no new windows (E10, links to the system
 * browser through E11), no <webview> (E8).
 */
export function hardenWebContents(contents: WebContents, serverOrigin: () => string | null): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, serverOrigin())
    if (decision.openExternally) void shell.openExternal(decision.openExternally)
    return { action: decision.action }
  })
}

/** The one window: packaged renderer over app://, never a remote http: page (E1). */
export function createMainWindow(preloadPath: string, isPackaged: boolean): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preloadPath, { isPackaged }))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(APP_ENTRY_URL)
  return window
}
