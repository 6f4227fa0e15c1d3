import type { RandomBytes } from '../salesforce/ids'
import { crossReferenceIssues } from './cross-references'
import { plainErrorMap, ROOT_PATH, toWorkspaceIssues, WorkspaceValidationError } from './errors'
import { completeWorkspace } from './generate'
import { workspaceSchema } from './schema'
import type { Workspace } from './types'

export interface ParseWorkspaceOptions {
  /** Source of randomness for generated ids, keys and secrets (tests pass a seeded one). */
  random?: RandomBytes
}

/**
 * Validates a workspace, applies Salesforce's defaults and generates what is missing (org and
 * user ids, consumer keys and secrets). Throws WorkspaceValidationError listing every problem.
 * Parsing the result again returns an equal workspace.
 */
export function parseWorkspace(input: unknown, options: ParseWorkspaceOptions = {}): Workspace {
  const result = workspaceSchema.safeParse(input, { error: plainErrorMap })
  if (!result.success) throw new WorkspaceValidationError(toWorkspaceIssues(result.error.issues))
  const referenceIssues = crossReferenceIssues(result.data)
  if (referenceIssues.length > 0) throw new WorkspaceValidationError(referenceIssues)
  return completeWorkspace(result.data, options.random)
}

/** parseWorkspace for JSON text; a syntax error is reported at (root) with its position. */
export function parseWorkspaceJson(text: string, options: ParseWorkspaceOptions = {}): Workspace {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    // V8 may quote a multi-line snippet of the text; keep the issue on one line.
    const detail = (error instanceof Error ? error.message : String(error)).replace(
      /\s*\n\s*/g,
      ' ',
    )
    throw new WorkspaceValidationError([
      { path: ROOT_PATH, message: `invalid JSON: ${withLineAndColumn(detail, text)}` },
    ])
  }
  return parseWorkspace(input, options)
}

/**
 * V8 reports JSON errors by character offset ("… at position 812"); people find their
 * mistake by line and column, so add those when the offset is known.
 */
function withLineAndColumn(detail: string, text: string): string {
  const offset = /at position (\d+)/.exec(detail)?.[1]
  const position =
    offset !== undefined ? Number(offset) : /end of JSON input/.test(detail) ? text.length : null
  if (position === null || /line \d+/.test(detail)) return detail
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `${detail} (line ${line}, column ${column})`
}
