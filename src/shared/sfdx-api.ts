/**
 * The admin API's SFDX project routes (POST and GET /workspace/sfdx): the import report and
 * the export answer. Shared by the engine and the UI.
 */

/** What became of one file. */
export interface FileReport {
  path: string
  type: string
  /** The app the file belongs to (its name in the workspace); null when skipped. */
  app: string | null
  outcome: 'mapped' | 'passedThrough' | 'skipped'
  /** Workspace fields the file set, e.g. callbackUrls, policies.ipRelaxation. */
  mapped: string[]
  /** Elements Gatehouse does not model, kept with the app and written back. */
  kept: string[]
  /** Values that are read but that Gatehouse's emulator does not act on. */
  notEmulated: string[]
  notes: string[]
}

export interface FieldChange {
  field: string
  from: unknown
  to: unknown
}

export interface AppReport {
  name: string
  kind: 'connectedApp' | 'externalClientApp'
  apiName: string
  consumerKey: string
  action: 'created' | 'updated' | 'unchanged'
  /** How the app was matched to a workspace app, when updated. */
  matchedBy: 'consumerKey' | 'name' | null
  secretGenerated: boolean
  keyGenerated: boolean
  changes: FieldChange[]
  files: string[]
}

export interface ImportReport {
  applied: boolean
  files: FileReport[]
  apps: AppReport[]
  /** Profiles and permission sets the apps' policies name that the workspace lacks. */
  missingProfiles: string[]
  missingPermissionSets: string[]
  /** Whether those are created (otherwise they are left out of the policies). */
  createMissing: boolean
  /** Run-as users the workspace lacks: client credentials stay off for those apps. */
  missingUsers: string[]
  /** Files looked at that are not Connected App or External Client App metadata. */
  ignoredFiles: number
}

/** POST /workspace/sfdx: the project's files, by path relative to the project. */
export interface SfdxImportBody {
  files: Record<string, string>
}

/** GET /workspace/sfdx: the apps as metadata files, and what the metadata cannot hold. */
export interface SfdxExportResponse {
  files: Record<string, string>
  notes: Array<{ app: string; message: string }>
}
