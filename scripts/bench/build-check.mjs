// The bench drives the built CLI (out/cli/index.js). A bundle older than the sources would
// measure yesterday's code, so say so (a warning: the tree is shared and often mid-change).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './children.mjs'

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs
    if (mtime > newest) newest = mtime
  }
  return newest
}

/** Throws when there is no build; returns warnings for a stale one. */
export function checkBuild() {
  const bundle = join(REPO_ROOT, 'out', 'cli', 'index.js')
  if (!existsSync(bundle)) throw new Error('out/cli/index.js is missing: run `npm run build` first')
  const sources = Math.max(
    newestMtime(join(REPO_ROOT, 'src', 'core')),
    newestMtime(join(REPO_ROOT, 'src', 'cli')),
  )
  if (sources > statSync(bundle).mtimeMs) {
    return [
      'src/ changed after out/cli/index.js was built: run `npm run build` to measure the current code',
    ]
  }
  return []
}
