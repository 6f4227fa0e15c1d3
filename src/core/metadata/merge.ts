import type { RandomBytes } from '../salesforce/ids'
import {
  newConsumerKey,
  newConsumerSecret,
  parseWorkspace,
  WorkspaceValidationError,
  type Workspace,
  type WorkspaceApp,
} from '../workspace'
import { appSchema } from '../workspace/schema'
import type { AppDraft } from './draft'
import { MetadataError } from './errors'
import { readProjectFiles } from './read-project'
import type { AppReport, FieldChange, FileReport, ImportResult, MetadataFiles } from './types'

export interface ImportOptions {
  /** Create the profiles and permission sets the apps name that the workspace lacks (default). */
  createMissing?: boolean
  random?: RandomBytes
}

/**
 * Reads an SFDX project's app metadata and merges it into a workspace: an app matches a
 * workspace app by consumer key, else by name (any case), and is updated in place; others are
 * added. Returns the new workspace (validated) and the report; the caller decides whether to
 * load it, so the same call serves the preview and the apply.
 */
export function importMetadata(
  workspace: Workspace,
  files: MetadataFiles,
  options: ImportOptions = {},
): ImportResult {
  const createMissing = options.createMissing ?? true
  const { drafts, skipped, ignoredFiles } = readProjectFiles(files)
  rejectDuplicateNames(drafts)

  const apps: WorkspaceApp[] = workspace.apps.map((app) => structuredClone(app))
  const profiles = [...workspace.profiles]
  const permissionSets = [...workspace.permissionSets]
  const missingProfiles: string[] = []
  const missingPermissionSets: string[] = []
  const missingUsers: string[] = []
  const appReports: AppReport[] = []
  const draftOfIndex = new Map<number, AppDraft>()

  for (const draft of drafts) {
    const key = draft.set.get('consumerKey') as string | undefined
    let index = key === undefined ? -1 : apps.findIndex((app) => app.consumerKey === key)
    const matchedBy = index >= 0 ? 'consumerKey' : null
    if (index < 0)
      index = apps.findIndex((app) => app.name.toLowerCase() === draft.name.toLowerCase())
    const existing = index >= 0 ? apps[index]! : null
    if (existing !== null && existing.kind !== draft.kind) {
      const file = draft.reports[0]!.path
      throw new MetadataError(
        file,
        null,
        null,
        `the workspace already has a ${kindLabel(existing.kind)} named "${existing.name}"; an app cannot change kind`,
      )
    }
    const next = buildApp(draft, existing, options.random)
    const notes = draft.reports[0]!.notes

    for (const name of next.app.policies.profiles) {
      if (!profiles.some((p) => p.name === name) && !missingProfiles.includes(name)) {
        missingProfiles.push(name)
      }
    }
    for (const name of next.app.policies.permissionSets) {
      if (!permissionSets.some((p) => p.name === name) && !missingPermissionSets.includes(name)) {
        missingPermissionSets.push(name)
      }
    }
    if (!createMissing) {
      next.app.policies.profiles = next.app.policies.profiles.filter(
        (n) => !missingProfiles.includes(n),
      )
      next.app.policies.permissionSets = next.app.policies.permissionSets.filter(
        (n) => !missingPermissionSets.includes(n),
      )
    }
    const runAs = next.app.clientCredentials.runAs
    if (
      runAs !== null &&
      !workspace.users.some((u) => u.username.toLowerCase() === runAs.toLowerCase())
    ) {
      if (!missingUsers.includes(runAs)) missingUsers.push(runAs)
      notes.push(
        `run-as user ${runAs} is not in the workspace: client credentials stay off until the user is added`,
      )
      next.app.clientCredentials = { enabled: false, runAs: null }
    }

    const changes = existing === null ? [] : diffApps(existing, next.app)
    if (existing === null) {
      apps.push(next.app)
      draftOfIndex.set(apps.length - 1, draft)
    } else {
      apps[index] = next.app
      draftOfIndex.set(index, draft)
    }
    if (next.secretGenerated) {
      notes.push('no consumer secret in the project: a new one was generated')
    }
    appReports.push({
      name: next.app.name,
      kind: next.app.kind,
      apiName: draft.apiName,
      consumerKey: next.app.consumerKey,
      action: existing === null ? 'created' : changes.length > 0 ? 'updated' : 'unchanged',
      matchedBy: existing === null ? null : (matchedBy ?? 'name'),
      secretGenerated: next.secretGenerated,
      keyGenerated: next.keyGenerated,
      changes,
      files: draft.reports.map((r) => r.path),
    })
  }

  if (createMissing) {
    for (const name of missingProfiles) profiles.push({ name, apiEnabled: true, loginIpRanges: [] })
    for (const name of missingPermissionSets) permissionSets.push({ name })
  }

  const candidate = { ...workspace, profiles, permissionSets, apps }
  let merged: Workspace
  try {
    merged = parseWorkspace(candidate, { random: options.random })
  } catch (error) {
    throw explainValidation(error, draftOfIndex)
  }
  const fileReports: FileReport[] = [...drafts.flatMap((d) => d.reports), ...skipped]
  return {
    workspace: merged,
    report: {
      applied: false,
      files: fileReports.sort((a, b) => a.path.localeCompare(b.path)),
      apps: appReports,
      missingProfiles,
      missingPermissionSets,
      createMissing,
      missingUsers,
      ignoredFiles,
    },
  }
}

function kindLabel(kind: WorkspaceApp['kind']): string {
  return kind === 'connectedApp' ? 'connected app' : 'external client app'
}

function rejectDuplicateNames(drafts: AppDraft[]) {
  const seen = new Map<string, AppDraft>()
  for (const draft of drafts) {
    const first = seen.get(draft.name.toLowerCase())
    if (first !== undefined) {
      throw new MetadataError(
        draft.reports[0]!.path,
        null,
        'label',
        `"${draft.name}" is also the label of ${first.reports[0]!.path}; app names must be unique (regardless of case)`,
      )
    }
    seen.set(draft.name.toLowerCase(), draft)
  }
}

/** The app the draft describes, over the matched workspace app or a new app's defaults. */
function buildApp(
  draft: AppDraft,
  existing: WorkspaceApp | null,
  random: RandomBytes | undefined,
): { app: WorkspaceApp; secretGenerated: boolean; keyGenerated: boolean } {
  const base = existing ?? (appSchema.parse({ kind: draft.kind, name: draft.name }) as WorkspaceApp)
  const app = structuredClone(base) as WorkspaceApp & Record<string, unknown>
  // A new External Client App without its global settings file takes that file's defaults.
  if (existing === null && draft.kind === 'externalClientApp') app.requirePkce = true
  for (const [path, value] of draft.set) setPath(app, path, structuredClone(value))
  for (const key of ['clientCredentials', 'tokenExchange'] as const) {
    const flags = draft.bothFiles[key]
    if (flags === undefined) continue
    app[key].enabled = (flags.global ?? base[key].enabled) && (flags.policy ?? true)
  }
  if (draft.kind === 'externalClientApp') app.usernamePassword = { enabled: false }
  app.metadata = { apiName: draft.apiName, files: draft.files }
  const keyGenerated = !app.consumerKey
  const secretGenerated = !app.consumerSecret
  if (keyGenerated) app.consumerKey = newConsumerKey(random)
  if (secretGenerated) app.consumerSecret = newConsumerSecret(random)
  return { app, secretGenerated, keyGenerated }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    node[part] = { ...(node[part] as Record<string, unknown>) }
    node = node[part] as Record<string, unknown>
  }
  node[parts.at(-1)!] = value
}

/** Field-level differences a preview shows (the kept metadata is not compared). */
export function diffApps(before: WorkspaceApp, after: WorkspaceApp): FieldChange[] {
  const changes: FieldChange[] = []
  const walk = (a: unknown, b: unknown, path: string) => {
    if (path === 'metadata') return
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk(a[key], b[key], path === '' ? key : `${path}.${key}`)
      }
      return
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      changes.push({
        field: path,
        from: path === 'consumerSecret' ? '(secret)' : a,
        to: path === 'consumerSecret' ? '(secret)' : b,
      })
    }
  }
  walk(before, after, '')
  return changes
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A merged workspace that does not validate: name the app's file and the field. */
function explainValidation(error: unknown, draftOfIndex: Map<number, AppDraft>): unknown {
  if (!(error instanceof WorkspaceValidationError)) return error
  for (const issue of error.issues) {
    const match = /^apps\[(\d+)\]\.?(.*)$/.exec(issue.path)
    const draft = match ? draftOfIndex.get(Number(match[1])) : undefined
    if (draft === undefined || !match) continue
    const field = match[2]!
    const file =
      draft.reports.find((r) => r.mapped.some((m) => field.startsWith(m))) ?? draft.reports[0]!
    return new MetadataError(file.path, null, null, `${field || 'app'}: ${issue.message}`)
  }
  return error
}
