import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { IpcHandler, IpcSender } from './policy/ipc-contract'
import type { IpcChannel } from '../preload/api'

/** What the handlers may know about the sender: its frame's URL and whether it is the top frame. */
function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame
  return { url: frame?.url ?? null, isTopFrame: frame !== null && frame.parent === null }
}

/** ipcMain.handle for each channel; the handlers validate sender and payload (E13). */
export function registerIpcHandlers(handlers: Record<IpcChannel, IpcHandler>): void {
  for (const [channel, handler] of Object.entries(handlers) as Array<[IpcChannel, IpcHandler]>) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => handler(senderOf(event), args))
  }
}
