import { contextBridge, ipcRenderer } from 'electron'
import {
  IPC_CHANNELS,
  type GatehouseBridge,
  type GatehouseConnection,
  type SfdxProjectFiles,
} from './api'

// Sandboxed preload (E4, E14): bundled to one CommonJS file whose only import is 'electron'.
// Each bridge function calls one fixed channel; ipcRenderer itself and IPC events are never
// exposed, and arguments are coerced to plain values before they cross the bridge.
const bridge: GatehouseBridge = Object.freeze({
  connection: (): Promise<GatehouseConnection> => ipcRenderer.invoke(IPC_CHANNELS.connection),
  openExternal: async (url: string): Promise<void> => {
    await ipcRenderer.invoke(IPC_CHANNELS.openExternal, String(url))
  },
  pickSfdxProject: (): Promise<SfdxProjectFiles | null> =>
    ipcRenderer.invoke(IPC_CHANNELS.pickSfdxProject),
  saveSfdxFiles: (files: Record<string, string>): Promise<string | null> => {
    const plain = Object.fromEntries(
      Object.entries(files).map(([path, text]) => [String(path), String(text)]),
    )
    return ipcRenderer.invoke(IPC_CHANNELS.saveSfdxFiles, plain)
  },
  platform: process.platform,
})

contextBridge.exposeInMainWorld('gatehouse', bridge)
