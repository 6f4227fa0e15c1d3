import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../core/paths'
import { openStore } from '../core/store'
import { parseWorkspaceJson, redactWorkspace, type Workspace } from '../core/workspace'
import { toCliError } from './serve'
import { CliError, EXIT } from './errors'

/**
 * The workspace stored in the data folder (the commands that read it: export, export
 * --sfdx); a missing database or an empty one is a CLI error saying what to run first.
 */
export function readStoredWorkspace(data: string): Workspace {
  const file = join(data, DATABASE_FILE)
  if (!existsSync(file)) {
    throw new CliError(
      `No Gatehouse database in ${data}: run gatehouse serve or gatehouse import first.`,
    )
  }
  let store
  try {
    store = openStore(file)
  } catch (err) {
    throw toCliError(err)
  }
  try {
    if (store.workspace.isEmpty()) {
      throw new CliError(
        `No workspace in ${data} yet: run gatehouse serve or gatehouse import first.`,
      )
    }
    return store.workspace.export()
  } finally {
    store.close()
  }
}

/** `gatehouse export`: the workspace as JSON, exactly what `import` reads back. */
export function exportWorkspace(options: { data: string; redact?: boolean }): string {
  const ws = readStoredWorkspace(options.data)
  return JSON.stringify(options.redact ? redactWorkspace(ws) : ws, null, 2) + '\n'
}

/** `gatehouse import FILE`: validate, then replace the workspace in one transaction. */
export function importWorkspace(options: { file: string; data: string }): string {
  let text: string
  try {
    text = readFileSync(options.file, 'utf8')
  } catch {
    throw new CliError(`Cannot read workspace file ${options.file}.`, EXIT.invalidInput)
  }
  let ws
  try {
    ws = parseWorkspaceJson(text)
  } catch (err) {
    throw toCliError(err, options.file)
  }
  mkdirSync(options.data, { recursive: true, mode: 0o700 })
  const store = openStore(join(options.data, DATABASE_FILE))
  try {
    store.workspace.load(ws)
  } finally {
    store.close()
  }
  return `Imported ${options.file}: org ${ws.org.name}, ${ws.users.length} users, ${ws.apps.length} apps.`
}
