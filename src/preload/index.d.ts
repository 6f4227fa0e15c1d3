import type { GatehouseBridge } from './api'

export type { GatehouseBridge, GatehouseConnection, SfdxProjectFiles } from './api'

declare global {
  interface Window {
    /** Present only in the desktop app (exposed by src/preload); undefined in a browser. */
    gatehouse?: GatehouseBridge
  }
}
