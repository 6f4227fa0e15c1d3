import { z } from 'zod'
import {
  IPC_CHANNELS,
  type GatehouseConnection,
  type IpcChannel,
  type SfdxProjectFiles,
} from '../../preload/api'
import { APP_ORIGIN, isAppUrl } from './app-origin'
import { safeExternalUrl } from './external-url'

/** Why an IPC call was refused; the renderer sees `[code] message` (E13). */
export type IpcRejectionCode = 'forbidden-sender' | 'invalid-payload' | 'refused-url'

export class IpcRejection extends Error {
  constructor(
    readonly code: IpcRejectionCode,
    message: string,
  ) {
    super(`[${code}] ${message}`)
    this.name = 'IpcRejection'
  }
}

/** What main knows about the frame that sent an IPC message (from `event.senderFrame`). */
export interface IpcSender {
  /** URL of the sending frame; null when the frame is gone. */
  url: string | null | undefined
  /** The frame is its window's top frame (`senderFrame.parent === null`). */
  isTopFrame: boolean
}

/** Only the top frame of a page on app://gatehouse may call main. */
export function validateIpcSender(sender: IpcSender): boolean {
  return sender.isTopFrame === true && isAppUrl(sender.url)
}

/** Argument lists per channel, validated before anything is done with them. */
export const IPC_ARGUMENTS = {
  [IPC_CHANNELS.connection]: z.tuple([]),
  [IPC_CHANNELS.openExternal]: z.tuple([z.string().min(1).max(4096)]),
  [IPC_CHANNELS.pickSfdxProject]: z.tuple([]),
  // Paths are checked again where they are written: none may leave the chosen folder.
  [IPC_CHANNELS.saveSfdxFiles]: z.tuple([
    z.record(z.string().min(1).max(1024), z.string().max(16 * 1024 * 1024)),
  ]),
} as const satisfies Record<IpcChannel, z.ZodType>

export interface IpcDependencies {
  /** The engine's address and admin token; throws if the engine is not running. */
  connection(): GatehouseConnection
  /** Origin of the engine (http://127.0.0.1:PORT), or null before it listens. */
  serverOrigin(): string | null
  /** shell.openExternal, given only vetted URLs. */
  openExternal(url: string): Promise<void>
  /** A folder dialog, then the project's app metadata files; null when cancelled. */
  pickSfdxProject(): Promise<SfdxProjectFiles | null>
  /** A folder dialog, then the files written there; the folder, or null when cancelled. */
  saveSfdxFiles(files: Record<string, string>): Promise<string | null>
}

export type IpcHandler = (sender: IpcSender, args: unknown[]) => Promise<unknown>

/**
 * The IPC handlers as plain functions: main registers each with ipcMain.handle and passes the
 * sender frame's URL and position plus the raw arguments.
 */
export function createIpcHandlers(deps: IpcDependencies): Record<IpcChannel, IpcHandler> {
  function guard(channel: IpcChannel, sender: IpcSender, args: unknown[]): void {
    if (!validateIpcSender(sender)) {
      throw new IpcRejection(
        'forbidden-sender',
        `${channel} answers only the top frame of ${APP_ORIGIN}`,
      )
    }
    const parsed = IPC_ARGUMENTS[channel].safeParse(args)
    if (!parsed.success) {
      throw new IpcRejection('invalid-payload', `${channel}: ${z.prettifyError(parsed.error)}`)
    }
  }
  return {
    [IPC_CHANNELS.connection]: async (sender, args) => {
      guard(IPC_CHANNELS.connection, sender, args)
      const { apiBase, adminToken } = deps.connection()
      return { apiBase, adminToken }
    },
    [IPC_CHANNELS.openExternal]: async (sender, args) => {
      guard(IPC_CHANNELS.openExternal, sender, args)
      const url = safeExternalUrl(args[0], deps.serverOrigin())
      if (!url)
        throw new IpcRejection(
          'refused-url',
          'only https: links (or the engine’s own address) open externally',
        )
      await deps.openExternal(url)
    },
    [IPC_CHANNELS.pickSfdxProject]: async (sender, args) => {
      guard(IPC_CHANNELS.pickSfdxProject, sender, args)
      return deps.pickSfdxProject()
    },
    [IPC_CHANNELS.saveSfdxFiles]: async (sender, args) => {
      guard(IPC_CHANNELS.saveSfdxFiles, sender, args)
      return deps.saveSfdxFiles(args[0] as Record<string, string>)
    },
  }
}
