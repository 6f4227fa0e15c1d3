import type { AdminIssue } from '../../shared/admin-api'
import type { Gatehouse } from '../gatehouse'
import { parseWorkspace, WorkspaceValidationError, type Workspace } from '../workspace'
import { invalidWorkspace } from './errors'

export type Collection = 'apps' | 'users' | 'profiles' | 'permissionSets'

/** The element of the workspace a request's body became, to name its issues from the body. */
export interface EditTarget {
  collection: Collection
  index: number
}

/**
 * `apps[3].callbackUrls[0]` → body `callbackUrls[0]` when apps[3] is what the request sent;
 * anything else (a reference elsewhere that the edit broke) keeps its workspace path.
 */
function relativeIssue(issue: { path: string; message: string }, target?: EditTarget): AdminIssue {
  if (target) {
    const prefix = `${target.collection}[${target.index}]`
    if (issue.path === prefix) return { in: 'body', path: '(root)', message: issue.message }
    if (issue.path.startsWith(prefix)) {
      const rest = issue.path.slice(prefix.length).replace(/^\./, '')
      return { in: 'body', path: rest, message: issue.message }
    }
  }
  return { in: 'workspace', path: issue.path, message: issue.message }
}

/**
 * Edits the workspace the way a person editing the file would: read it, change it, validate
 * the whole (shape, defaults, references) with parseWorkspace, and load it in one
 * transaction. Nothing changes when the result would not be valid. Runs without awaiting,
 * so no other request can interleave between the read and the load.
 */
export function editWorkspace(
  engine: Gatehouse,
  change: (draft: Workspace) => EditTarget | void,
): Workspace {
  const draft = engine.store.workspace.export()
  const target = change(draft) ?? undefined
  let parsed: Workspace
  try {
    parsed = parseWorkspace(draft)
  } catch (error) {
    if (error instanceof WorkspaceValidationError) {
      throw invalidWorkspace(error.issues.map((issue) => relativeIssue(issue, target)))
    }
    throw error
  }
  engine.store.workspace.load(parsed)
  return parsed
}
