import nodePath from 'node:path'

/** Folder names shared with the CLI: core's defaultDataDir() must point at the same place. */
export const PRODUCT_NAME = 'Gatehouse'

/** app.getPath('userData'), set explicitly so dev and packaged builds agree with the CLI. */
export function desktopUserDataDir(appDataDir: string, path = nodePath): string {
  return path.join(appDataDir, PRODUCT_NAME)
}

/** The SQLite folder inside userData. */
export function desktopDataDir(userDataDir: string, path = nodePath): string {
  return path.join(userDataDir, 'data')
}

/** Where electron-vite puts the preload and the renderer, relative to out/main. */
export function bundlePaths(
  mainDir: string,
  path = nodePath,
): { preload: string; renderer: string; traceWriter: string } {
  return {
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: path.join(mainDir, '..', 'renderer'),
    // The recorder's writer thread, a second entry of the main build (electron.vite.config.ts).
    traceWriter: path.join(mainDir, 'trace-writer.js'),
  }
}

export interface FocusableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

/**
 * A second launch focuses the existing window (E20). Its argv is deliberately ignored: the
 * app has no deep links or file arguments, so there is nothing to parse or trust.
 */
export function focusWindow(window: FocusableWindow | null): boolean {
  if (!window || window.isDestroyed()) return false
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
  return true
}

/**
 * Runs `close` at most once however many quit paths call it (will-quit, signals), and never
 * rejects: a failing close is reported and the app still exits.
 */
export function once(
  close: () => Promise<void>,
  report: (err: unknown) => void,
): () => Promise<void> {
  let running: Promise<void> | null = null
  return () => {
    running ??= (async () => {
      try {
        await close()
      } catch (err) {
        report(err)
      }
    })()
    return running
  }
}
