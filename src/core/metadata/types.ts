import type { ImportReport } from '../../shared/sfdx-api'
import type { Workspace, WorkspaceApp } from '../workspace'

export type { AppReport, FieldChange, FileReport, ImportReport } from '../../shared/sfdx-api'

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

export interface ImportResult {
  report: ImportReport
  workspace: Workspace
}

export type { WorkspaceApp }
