import demo from '../../../resources/demo-workspace.json'
import { parseWorkspace } from './parse'
import type { Workspace } from './types'

/**
 * The workspace loaded on first run: the "Acme Dev" org. Its ids, keys and secrets are fixed
 * in the file so documentation and trainers can quote them.
 */
export function demoWorkspace(): Workspace {
  return parseWorkspace(demo)
}
