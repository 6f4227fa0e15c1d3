import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The per-user data folder, shared by `gatehouse serve` and the desktop app: it is the
 * same place Electron's app.getPath('userData') points at for productName "Gatehouse",
 * plus /data.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Gatehouse', 'data')
  if (platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Gatehouse', 'data')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Gatehouse', 'data')
}

export const DATABASE_FILE = 'gatehouse.db'

/** The flow trace's database, beside the main one (see store/trace-database.ts). */
export const TRACE_DATABASE_FILE = 'trace.db'
