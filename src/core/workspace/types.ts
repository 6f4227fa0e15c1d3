import type { z } from 'zod'
import type { FAULT_ENDPOINTS, WEEKDAYS, workspaceSchema } from './schema'

/** What a workspace file may contain (optional fields may be absent). */
export type WorkspaceInput = z.input<typeof workspaceSchema>

/** The schema's output: defaults applied, generated values still possibly absent. */
export type ParsedWorkspace = z.output<typeof workspaceSchema>

// Flattened so editors show the plain field list rather than an Omit<…> & {…} expression.
type Flatten<T> = { [P in keyof T]: T[P] }
type WithRequired<T, K extends keyof T> = Flatten<Omit<T, K> & { [P in K]-?: NonNullable<T[P]> }>

/**
 * A complete workspace, as parseWorkspace returns it: every default present and every
 * generated value (org id, user ids, consumer keys and secrets) filled in.
 */
export type WorkspaceOrg = WithRequired<ParsedWorkspace['org'], 'id'>
export type WorkspaceProfile = ParsedWorkspace['profiles'][number]
export type WorkspacePermissionSet = ParsedWorkspace['permissionSets'][number]
export type WorkspaceUser = WithRequired<ParsedWorkspace['users'][number], 'id'>
export type WorkspaceApp = WithRequired<
  ParsedWorkspace['apps'][number],
  'consumerKey' | 'consumerSecret'
>
export type WorkspaceAppKind = WorkspaceApp['kind']
export type WorkspaceAppPolicies = WorkspaceApp['policies']
export type RefreshTokenPolicy = WorkspaceAppPolicies['refreshTokenPolicy']
export type IpRange = WorkspaceOrg['trustedIpRanges'][number]
export type RecordValue = string | number | boolean | null
export type WorkspaceRecord = Record<string, RecordValue>
export type WorkspaceRecords = Record<string, WorkspaceRecord[]>
export type WorkspaceFault = ParsedWorkspace['faults'][number]
export type FaultWhen = WorkspaceFault['when']
export type FaultThen = WorkspaceFault['then']
export type FaultPreset = NonNullable<FaultThen['preset']>
export type WorkspaceBreakpoint = ParsedWorkspace['breakpoints'][number]
export type BreakpointWhen = WorkspaceBreakpoint['when']
export type BreakpointStage = NonNullable<WorkspaceBreakpoint['at']>
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number]
export type LoginHours = NonNullable<WorkspaceProfile['loginHours']>
export type Weekday = (typeof WEEKDAYS)[number]
export type WorkspaceSimulation = ParsedWorkspace['simulation']

export interface Workspace {
  gatehouse: 1
  org: WorkspaceOrg
  profiles: WorkspaceProfile[]
  permissionSets: WorkspacePermissionSet[]
  users: WorkspaceUser[]
  apps: WorkspaceApp[]
  records: WorkspaceRecords
  faults: WorkspaceFault[]
  breakpoints: WorkspaceBreakpoint[]
  simulation: WorkspaceSimulation
}

/**
 * A workspace with its secrets taken out (see redactWorkspace). Consumer secrets are absent
 * rather than blanked, so a redacted file is still a valid workspace: importing it generates
 * fresh secrets.
 */
export type RedactedWorkspace = Omit<Workspace, 'apps'> & {
  apps: Array<Omit<WorkspaceApp, 'consumerSecret'> & { consumerSecret?: string }>
}
