import { createHash } from 'node:crypto'
import { toId18 } from '../../salesforce/ids'
import type {
  WorkspaceOrg,
  WorkspaceProfile,
  WorkspaceRecord,
  WorkspaceUser,
} from '../../workspace/types'

/**
 * Records for the objects the workspace itself defines: its users (User), their profiles
 * (Profile) and the org (Organization). They are read-only through the API; the workspace
 * file is where they change.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A stable id for a workspace entity that has no id of its own (profiles): same name, same id. */
export function stableId(prefix: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest()
  let body = ''
  for (let i = 0; i < 12; i++) body += BASE62[digest[i]! % 62]
  return toId18(prefix + body)
}

export const profileId = (name: string): string => stableId('00e', `profile:${name}`)

const EDITION_NAMES: Readonly<Record<WorkspaceOrg['edition'], string>> = {
  Developer: 'Developer Edition',
  Enterprise: 'Enterprise Edition',
  Unlimited: 'Unlimited Edition',
  Professional: 'Professional Edition',
  Performance: 'Performance Edition',
}

/** Salesforce's default alias: first initial and the first four letters of the last name. */
function aliasOf(user: WorkspaceUser): string {
  return ((user.firstName?.[0] ?? '') + user.lastName.slice(0, 4)).toLowerCase().slice(0, 8)
}

export function userData(user: WorkspaceUser, org: WorkspaceOrg): WorkspaceRecord {
  return {
    Id: user.id,
    Username: user.username,
    LastName: user.lastName,
    FirstName: user.firstName ?? null,
    CompanyName: org.name,
    Email: user.email,
    Alias: aliasOf(user),
    CommunityNickname: user.username.split('@')[0] ?? user.username,
    IsActive: user.active,
    ProfileId: profileId(user.profile),
    UserType: 'Standard',
    TimeZoneSidKey: 'America/Los_Angeles',
    LocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
  }
}

export function profileData(profile: WorkspaceProfile): WorkspaceRecord {
  return {
    Id: profileId(profile.name),
    Name: profile.name,
    PermissionsApiEnabled: profile.apiEnabled,
    UserType: 'Standard',
    Description: null,
  }
}

export function organizationData(org: WorkspaceOrg): WorkspaceRecord {
  return {
    Id: org.id,
    Name: org.name,
    DefaultLocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    TimeZoneSidKey: 'America/Los_Angeles',
    // Salesforce names instances like NA224 or CS42; Gatehouse is its own instance.
    InstanceName: 'GH1',
    IsSandbox: false,
    TrialExpirationDate: null,
    NamespacePrefix: null,
    OrganizationType: EDITION_NAMES[org.edition],
    IsReadOnly: false,
  }
}
