/**
 * The desktop bridge the Electron preload exposes as `window.gatehouse`. In a browser (the UI
 * served by `gatehouse serve`) it is absent. The type is module-scoped on purpose, so that it
 * stays compatible with whatever global declaration the preload ships.
 */
export interface GatehouseConnection {
  /** Origin of the embedded server, e.g. http://127.0.0.1:8787 */
  apiBase: string
  adminToken: string
}

export interface GatehouseBridge {
  connection(): Promise<GatehouseConnection>
  openExternal(url: string): Promise<void> | void
  platform: string
}

export function getBridge(): GatehouseBridge | undefined {
  const bridge = (window as Window & { gatehouse?: GatehouseBridge }).gatehouse
  return bridge && typeof bridge.connection === 'function' ? bridge : undefined
}

export function isDesktop(): boolean {
  return getBridge() !== undefined
}

/** Opens a URL in the system browser (desktop) or a new tab (browser). */
export function openExternal(url: string): void {
  const bridge = getBridge()
  if (bridge) {
    void bridge.openExternal(url)
    return
  }
  window.open(url, '_blank', 'noopener,noreferrer')
}
