import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNELS, type GatehouseBridge, type GatehouseConnection } from './api'

// Sandboxed preload (E4, E14): bundled to one CommonJS file whose only import is 'electron'.
// Each bridge function calls one fixed channel; ipcRenderer itself and IPC events are never
// exposed, and arguments are coerced to plain values before they cross the bridge.
const bridge: GatehouseBridge = Object.freeze({
  connection: (): Promise<GatehouseConnection> => ipcRenderer.invoke(IPC_CHANNELS.connection),
  openExternal: async (url: string): Promise<void> => {
    await ipcRenderer.invoke(IPC_CHANNELS.openExternal, String(url))
  },
  platform: process.platform,
})

contextBridge.exposeInMainWorld('gatehouse', bridge)
