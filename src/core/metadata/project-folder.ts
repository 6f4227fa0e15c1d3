import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { MetadataError } from './errors'
import { classifyPath, type MetadataFiles } from './types'

const PROJECT_FILE = 'sfdx-project.json'
/** Folders that never hold source: tools' caches and dependencies. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.sf', '.sfdx', '.localdevserver'])

interface ProjectLayout {
  /** Folders to scan, relative to the project. */
  packageDirs: string[]
  /** Where new files go: the default package directory. */
  defaultDir: string
}

/** The package directories `sfdx-project.json` lists, or the whole folder when there is none. */
export function projectLayout(folder: string): ProjectLayout {
  const file = join(folder, PROJECT_FILE)
  if (!existsSync(file)) return { packageDirs: ['.'], defaultDir: 'force-app' }
  let project: { packageDirectories?: Array<{ path?: unknown; default?: unknown }> }
  try {
    project = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new MetadataError(PROJECT_FILE, null, null, `invalid JSON: ${(error as Error).message}`)
  }
  const dirs = (project.packageDirectories ?? [])
    .filter((d) => typeof d.path === 'string' && d.path !== '')
    .map((d) => ({
      path: String(d.path).replace(/\\/g, '/').replace(/\/+$/, ''),
      isDefault: d.default === true,
    }))
  if (dirs.length === 0) return { packageDirs: ['.'], defaultDir: 'force-app' }
  return {
    packageDirs: dirs.map((d) => d.path),
    defaultDir: (dirs.find((d) => d.isDefault) ?? dirs[0]!).path,
  }
}

/**
 * The app metadata files of a project folder, by path relative to it. Types are found by
 * suffix anywhere under the package directories, as the Salesforce CLI does.
 */
export function readProjectFolder(folder: string): MetadataFiles {
  const root = resolve(folder)
  if (!existsSync(root)) throw new MetadataError(folder, null, null, 'no such folder')
  const files: MetadataFiles = {}
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(join(dir, entry.name))
      } else if (entry.isFile() && classifyPath(entry.name) !== null) {
        const path = relative(root, join(dir, entry.name)).split(sep).join('/')
        if (!(path in files)) files[path] = readFileSync(join(dir, entry.name), 'utf8')
      }
    }
  }
  for (const dir of projectLayout(root).packageDirs) walk(resolve(root, dir))
  return files
}

/** Writes files (paths relative to the folder), creating folders as needed. */
export function writeProjectFolder(folder: string, files: MetadataFiles): void {
  const root = resolve(folder)
  for (const [path, text] of Object.entries(files)) {
    const target = resolve(root, path)
    if (!target.startsWith(root + sep)) {
      throw new MetadataError(path, null, null, 'path leaves the project folder')
    }
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, text)
  }
}
