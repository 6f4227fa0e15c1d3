/**
 * The contract between the preload bridge (`window.gatehouse`) and the main process. Types and
 * constants only: the preload bundles it, the renderer reads its types, main validates against it.
 */
export const IPC_CHANNELS = {
  connection: 'gatehouse:connection',
  openExternal: 'gatehouse:open-external',
  pickSfdxProject: 'gatehouse:pick-sfdx-project',
  saveSfdxFiles: 'gatehouse:save-sfdx-files',
} as const

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS]

export interface GatehouseConnection {
  /**
   * Base URL of the engine, e.g. http://127.0.0.1:8787 (no trailing slash). The admin API is
   * at `apiBase + ADMIN_API_PREFIX` (src/shared/admin-api.ts).
   */
  apiBase: string
  /** Bearer token for the admin API, random per launch. */
  adminToken: string
}

/** A project folder the user picked, and its app metadata files by relative path. */
export interface SfdxProjectFiles {
  folder: string
  files: Record<string, string>
}

/** What the preload exposes as `window.gatehouse` in the desktop app (absent in a browser). */
export interface GatehouseBridge {
  connection(): Promise<GatehouseConnection>
  /** Opens an https: URL (or the engine's own http://127.0.0.1 URL) in the system browser. */
  openExternal(url: string): Promise<void>
  /**
   * Asks for an SFDX project folder (a native dialog) and reads its Connected App and External
   * Client App metadata files; null when the user cancels.
   */
  pickSfdxProject(): Promise<SfdxProjectFiles | null>
  /** Asks for a folder (a native dialog) and writes the files there; its path, or null. */
  saveSfdxFiles(files: Record<string, string>): Promise<string | null>
  /** process.platform of the desktop app: 'darwin', 'win32', 'linux', … */
  readonly platform: string
}
