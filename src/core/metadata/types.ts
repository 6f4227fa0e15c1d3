import type { Workspace, WorkspaceApp, WorkspaceAppKind } from '../workspace'

/**
 * The metadata types Gatehouse maps (reference/salesforce-metadata.md §1): the file suffix,
 * the root element and the folder a retrieve puts them in under `main/default/`.
 */
export const MAPPED_TYPES = {
  connectedApp: { root: 'ConnectedApp', folder: 'connectedApps' },
  eca: { root: 'ExternalClientApplication', folder: 'externalClientApps' },
  ecaOauth: { root: 'ExtlClntAppOauthSettings', folder: 'extlClntAppOauthSettings' },
  ecaGlblOauth: { root: 'ExtlClntAppGlobalOauthSettings', folder: 'extlClntAppGlobalOauthSets' },
  ecaOauthPlcy: {
    root: 'ExtlClntAppOauthConfigurablePolicies',
    folder: 'extlClntAppOauthPolicies',
  },
  ecaPlcy: { root: 'ExtlClntAppConfigurablePolicies', folder: 'extlClntAppPolicies' },
} as const

export type MappedType = keyof typeof MAPPED_TYPES

/**
 * Other External Client App plugin files in the CLI's registry. Gatehouse models none of
 * their fields; they travel with their app unchanged.
 */
export const PASS_THROUGH_TYPES = [
  'ecaMobile',
  'ecaMobilePlcy',
  'ecaNotifications',
  'ecaPush',
  'ecaPushPlcy',
  'ecaCanvas',
  'ecaSamlPlcy',
  'ecaOauthSecurity',
] as const

const ALL_SUFFIXES = [...Object.keys(MAPPED_TYPES), ...PASS_THROUGH_TYPES]
const FILE_NAME = new RegExp(`(?:^|/)([^/]+)\\.(${ALL_SUFFIXES.join('|')})-meta\\.xml$`)

/** Recognises a metadata file by its suffix: its member name and type, or null. */
export function classifyPath(path: string): { name: string; type: string } | null {
  const match = FILE_NAME.exec(path.replaceAll('\\', '/'))
  return match ? { name: match[1]!, type: match[2]! } : null
}

export function isMappedType(type: string): type is MappedType {
  return Object.hasOwn(MAPPED_TYPES, type)
}

/** Project files by path relative to the project folder (forward slashes), as XML text. */
export type MetadataFiles = Record<string, string>

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
  kind: WorkspaceAppKind
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

export interface ImportResult {
  report: ImportReport
  workspace: Workspace
}

export type { WorkspaceApp }
