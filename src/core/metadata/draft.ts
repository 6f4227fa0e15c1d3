import type { z } from 'zod'
import type { appMetadataSchema } from '../workspace/schema'
import type { FileReport } from './types'
import { serializeElement, type XmlElement } from './xml'

export type AppMetadata = z.output<typeof appMetadataSchema>
export type MetadataFileEntry = AppMetadata['files'][number]

/**
 * An app as its metadata files describe it, before it meets the workspace: the fields the
 * files set (dotted workspace paths such as `policies.ipRelaxation`), what the files keep,
 * and what to tell the user about each file.
 */
export interface AppDraft {
  kind: 'connectedApp' | 'externalClientApp'
  apiName: string
  name: string
  set: Map<string, unknown>
  /**
   * External Client Apps enable client credentials and token exchange only when both the
   * global settings and the policies say so; either file may be missing, so the two flags are
   * resolved against the matched app in merge.ts.
   */
  bothFiles: Partial<
    Record<'clientCredentials' | 'tokenExchange', { global?: boolean; policy?: boolean }>
  >
  files: MetadataFileEntry[]
  reports: FileReport[]
}

/** Collects what one file maps, keeps and cannot emulate. */
export class FileCollector {
  readonly entry: MetadataFileEntry
  readonly report: FileReport

  constructor(
    private readonly draftSet: Map<string, unknown>,
    file: { path: string; type: string; name: string; root: string },
    outcome: FileReport['outcome'] = 'mapped',
  ) {
    this.entry = { type: file.type, name: file.name, root: file.root, path: file.path, kept: [] }
    this.report = {
      path: file.path,
      type: file.type,
      app: null,
      outcome,
      mapped: [],
      kept: [],
      notEmulated: [],
      notes: [],
    }
  }

  set(field: string, value: unknown): void {
    this.draftSet.set(field, value)
    if (!this.report.mapped.includes(field)) this.report.mapped.push(field)
  }

  keep(element: XmlElement, at = ''): void {
    this.entry.kept.push({ at, xml: serializeElement(element) })
    const label = at === '' ? element.name : `${at}/${element.name}`
    if (!this.report.kept.includes(label)) this.report.kept.push(label)
  }

  notEmulated(message: string): void {
    this.report.notEmulated.push(message)
  }

  note(message: string): void {
    this.report.notes.push(message)
  }
}
