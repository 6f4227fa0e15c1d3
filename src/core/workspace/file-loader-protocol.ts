import type { WorkspaceIssue } from './errors'

/** What the workspace-file thread says to the engine's thread. */
export type LoaderReport =
  | { type: 'valid' }
  | { type: 'loaded' }
  | {
      type: 'failed'
      name: string
      message: string
      /** A file-system error's code (ENOENT: the CLI says the file does not exist). */
      code?: string
      /** A WorkspaceValidationError's issues. */
      issues?: WorkspaceIssue[]
    }

/** What the engine's thread says back once the file is valid. */
export type LoaderCommand = { type: 'load'; databaseFile: string } | { type: 'cancel' }

export interface LoaderThreadData {
  file: string
}
