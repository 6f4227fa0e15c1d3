import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../core/paths'
import { openStore } from '../core/store'
import {
  exportMetadata,
  formatImportReport,
  importMetadata,
  MetadataError,
  projectLayout,
  readProjectFolder,
  writeProjectFolder,
} from '../core/metadata'
import { demoWorkspace, parseWorkspace } from '../core/workspace'
import { toCliError } from './serve'
import { CliError, EXIT } from './errors'
import { readStoredWorkspace } from './export-import'

function asCliError(err: unknown): Error {
  if (err instanceof MetadataError) return new CliError(err.message, EXIT.invalidInput)
  return toCliError(err)
}

/**
 * `gatehouse import --sfdx FOLDER`: read the project's app metadata and merge it into the
 * workspace in the database (the demo workspace when there is none yet).
 */
export function importSfdxProject(options: {
  folder: string
  data: string
  createMissing: boolean
}): string {
  mkdirSync(options.data, { recursive: true, mode: 0o700 })
  let store
  try {
    store = openStore(join(options.data, DATABASE_FILE))
  } catch (err) {
    throw toCliError(err)
  }
  try {
    const empty = store.workspace.isEmpty()
    const current = empty ? parseWorkspace(demoWorkspace()) : store.workspace.export()
    let result
    try {
      result = importMetadata(current, readProjectFolder(options.folder), {
        createMissing: options.createMissing,
      })
    } catch (err) {
      throw asCliError(err)
    }
    store.workspace.load(result.workspace)
    result.report.applied = true
    const start = empty ? 'No workspace yet: started from the demo workspace.\n' : ''
    return `${start}Imported ${options.folder}: ${formatImportReport(result.report)}`
  } finally {
    store.close()
  }
}

/** `gatehouse export --sfdx FOLDER`: write the workspace's apps as metadata files. */
export function exportSfdxProject(options: {
  folder: string
  data: string
  withSecrets: boolean
}): string {
  const workspace = readStoredWorkspace(options.data)
  const layout = existsSync(options.folder) ? projectLayout(options.folder) : null
  const { files, notes } = exportMetadata(workspace, {
    withSecrets: options.withSecrets,
    packageDir: layout?.defaultDir,
  })
  try {
    writeProjectFolder(options.folder, files)
  } catch (err) {
    throw asCliError(err)
  }
  const lines = Object.keys(files).map((path) => `  ${path}`)
  for (const note of notes) lines.push(`  note (${note.app}): ${note.message}`)
  if (!options.withSecrets) {
    lines.push(
      '  global OAuth settings (consumer keys and secrets) not written: use --with-secrets',
    )
  }
  return `Wrote ${Object.keys(files).length} file(s) to ${options.folder}:\n${lines.join('\n')}`
}
