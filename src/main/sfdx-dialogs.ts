import { dialog, type BrowserWindow } from 'electron'
import { readProjectFolder, writeProjectFolder } from '../core/metadata'
import type { SfdxProjectFiles } from '../preload/api'

/**
 * The desktop's side of "Import from SFDX project…" and "Export as metadata…": native folder
 * dialogs, and the files read or written by the same code as `gatehouse import/export --sfdx`.
 */
export async function pickSfdxProject(
  window: BrowserWindow | null,
): Promise<SfdxProjectFiles | null> {
  const options = { title: 'Import from SFDX project', properties: ['openDirectory' as const] }
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options)
  const folder = result.canceled ? undefined : result.filePaths[0]
  if (folder === undefined) return null
  return { folder, files: readProjectFolder(folder) }
}

export async function saveSfdxFiles(
  window: BrowserWindow | null,
  files: Record<string, string>,
): Promise<string | null> {
  const options = {
    title: 'Export as metadata: choose the project folder',
    properties: ['openDirectory' as const, 'createDirectory' as const],
  }
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options)
  const folder = result.canceled ? undefined : result.filePaths[0]
  if (folder === undefined) return null
  writeProjectFolder(folder, files)
  return folder
}
