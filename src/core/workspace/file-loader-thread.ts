import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { openStore } from '../store'
import { nameThisThread, THREAD_NAMES } from '../thread-name'
import { WorkspaceValidationError } from './errors'
import type { LoaderCommand, LoaderReport, LoaderThreadData } from './file-loader-protocol'
import { parseWorkspaceJson } from './parse'
import type { Workspace } from './types'

/**
 * Reads, validates and loads a workspace file on a short-lived thread (see file-loader.ts):
 * first it says whether the file is valid, then it loads it when told to, with a connection
 * of its own to the database the engine has opened.
 */
const port = parentPort!
const { file } = workerData as LoaderThreadData
nameThisThread(THREAD_NAMES.workspaceLoader)

function failed(error: unknown): LoaderReport {
  if (error instanceof WorkspaceValidationError) {
    return { type: 'failed', name: error.name, message: error.message, issues: error.issues }
  }
  const err = error instanceof Error ? error : new Error(String(error))
  const code = (err as NodeJS.ErrnoException).code
  return { type: 'failed', name: err.name, message: err.message, ...(code ? { code } : {}) }
}

function report(message: LoaderReport): void {
  port.postMessage(message)
}

let workspace: Workspace | null = null
try {
  workspace = parseWorkspaceJson(readFileSync(file, 'utf8'))
  report({ type: 'valid' })
} catch (error) {
  report(failed(error))
  port.close()
}

if (workspace) {
  const parsed = workspace
  port.on('message', (command: LoaderCommand) => {
    if (command.type === 'load') {
      try {
        const store = openStore(command.databaseFile)
        try {
          store.workspace.load(parsed)
        } finally {
          store.close()
        }
        report({ type: 'loaded' })
      } catch (error) {
        report(failed(error))
      }
    }
    port.close()
  })
}
