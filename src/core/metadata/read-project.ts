import { readConnectedApp } from './read-connected-app'
import { readExternalClientApp, type ParsedFile } from './read-eca'
import type { AppDraft } from './draft'
import { MetadataError } from './errors'
import {
  classifyPath,
  isMappedType,
  MAPPED_TYPES,
  type FileReport,
  type MetadataFiles,
} from './types'
import { ValueReader } from './values'
import { parseXmlDocument } from './xml'

export interface ReadProject {
  drafts: AppDraft[]
  /** Reports of files that belong to no app (skipped). */
  skipped: FileReport[]
  ignoredFiles: number
}

/**
 * Reads every Connected App and External Client App file among `files`. The whole project is
 * parsed before anything is returned, so one bad file stops the import with nothing changed.
 */
export function readProjectFiles(files: MetadataFiles): ReadProject {
  const parsed: ParsedFile[] = []
  let ignoredFiles = 0
  for (const path of Object.keys(files).sort()) {
    const kind = classifyPath(path)
    if (kind === null) {
      ignoredFiles++
      continue
    }
    const root = parseXmlDocument(files[path]!, path)
    if (isMappedType(kind.type) && root.name !== MAPPED_TYPES[kind.type].root) {
      throw new MetadataError(
        path,
        root.line,
        root.name,
        `a .${kind.type}-meta.xml file must have the root element <${MAPPED_TYPES[kind.type].root}>`,
      )
    }
    parsed.push({ path, ...kind, root })
  }

  const drafts: AppDraft[] = []
  const skipped: FileReport[] = []
  for (const file of parsed.filter((f) => f.type === 'connectedApp')) {
    const result = readConnectedApp(file, file.root)
    if ('skipped' in result) skipped.push(result.skipped.report)
    else drafts.push(result)
  }

  // ECA child files link to their header by <externalClientApplication>, not by file name.
  const headers = new Map(parsed.filter((f) => f.type === 'eca').map((f) => [f.name, f]))
  const children = new Map<string, ParsedFile[]>()
  for (const file of parsed.filter((f) => f.type !== 'eca' && f.type !== 'connectedApp')) {
    const values = new ValueReader(file.path)
    const link = values.text(values.required(file.root, 'externalClientApplication'))
    if (!headers.has(link)) {
      skipped.push({
        path: file.path,
        type: file.type,
        app: null,
        outcome: 'skipped',
        mapped: [],
        kept: [],
        notEmulated: [],
        notes: [
          `links to the External Client App "${link}", whose .eca-meta.xml is not in the project`,
        ],
      })
      continue
    }
    const siblings = children.get(link) ?? []
    const twin = siblings.find((s) => s.type === file.type)
    if (twin !== undefined && isMappedType(file.type)) {
      throw new MetadataError(
        file.path,
        file.root.line,
        'externalClientApplication',
        `a second .${file.type} file for "${link}" (the first is ${twin.path})`,
      )
    }
    children.set(link, [...siblings, file])
  }
  for (const header of headers.values()) {
    drafts.push(readExternalClientApp(header, children.get(header.name) ?? []))
  }
  return { drafts, skipped, ignoredFiles }
}
