import { toId18IfShort } from '../salesforce/ids'
import { formatPath, type WorkspaceIssue } from './errors'
import { RECORD_ID } from './fields'
import { policyReferenceIssues } from './policy-references'
import type { ParsedWorkspace } from './types'

/**
 * Rules that relate one part of a workspace to another: names that must exist, names and keys
 * that must be unique, settings that only some app kinds support. They run after the shape
 * has validated, so every field here is known to have the right type.
 */
export function crossReferenceIssues(ws: ParsedWorkspace): WorkspaceIssue[] {
  const issues: WorkspaceIssue[] = []
  const report = (path: PropertyKey[], message: string) =>
    issues.push({ path: formatPath(path), message })

  const profiles = uniqueNames(ws.profiles, 'profiles', 'name', exact, report)
  const permissionSets = uniqueNames(ws.permissionSets, 'permissionSets', 'name', exact, report)
  const usernames = uniqueNames(ws.users, 'users', 'username', caseless, report)
  uniqueNames(ws.apps, 'apps', 'name', caseless, report)
  uniqueValues(
    ws.users.map((user) => user.id),
    'users',
    'id',
    report,
  )
  uniqueValues(
    ws.apps.map((app) => app.consumerKey),
    'apps',
    'consumerKey',
    report,
  )

  const mustExist = (names: Set<string>, what: string) => (name: string, path: PropertyKey[]) => {
    if (names.has(name)) return
    const nearMiss = [...names].find((known) => caseless(known) === caseless(name))
    report(
      path,
      nearMiss === undefined
        ? `no ${what} named "${name}" in this workspace`
        : `no ${what} named "${name}" (names are case-sensitive; did you mean "${nearMiss}"?)`,
    )
  }
  const profileExists = mustExist(profiles, 'profile')
  const permissionSetExists = mustExist(permissionSets, 'permission set')

  ws.users.forEach((user, i) => {
    profileExists(user.profile, ['users', i, 'profile'])
    user.permissionSets.forEach((name, j) => {
      permissionSetExists(name, ['users', i, 'permissionSets', j])
    })
  })

  ws.apps.forEach((app, i) => {
    app.policies.profiles.forEach((name, j) => {
      profileExists(name, ['apps', i, 'policies', 'profiles', j])
    })
    app.policies.permissionSets.forEach((name, j) => {
      permissionSetExists(name, ['apps', i, 'policies', 'permissionSets', j])
    })
    const runAs = app.clientCredentials.runAs
    if (runAs !== null && !usernames.has(caseless(runAs))) {
      report(['apps', i, 'clientCredentials', 'runAs'], `no user with username "${runAs}"`)
    }
    if (app.clientCredentials.enabled && runAs === null) {
      report(
        ['apps', i, 'clientCredentials', 'runAs'],
        'required when client credentials are enabled (the user tokens are issued for)',
      )
    }
    if (app.kind === 'externalClientApp' && app.usernamePassword.enabled) {
      report(
        ['apps', i, 'usernamePassword', 'enabled'],
        'usernamePassword is not available to external client apps',
      )
    }
  })

  recordIssues(ws.records, report)
  policyReferenceIssues(ws, report)
  return issues
}

type Report = (path: PropertyKey[], message: string) => void

const exact = (name: string) => name
const caseless = (name: string) => name.toLowerCase()

/** Reports repeated names and returns the set of names (as compared). */
function uniqueNames<T, K extends keyof T & string>(
  items: T[],
  listName: string,
  field: K,
  compareAs: (name: string) => string,
  report: Report,
): Set<string> {
  const firstIndex = new Map<string, number>()
  items.forEach((item, i) => {
    const name = compareAs(String(item[field]))
    const first = firstIndex.get(name)
    if (first === undefined) firstIndex.set(name, i)
    else {
      const caseNote = compareAs === caseless ? ' (compared without regard to case)' : ''
      report([listName, i, field], `duplicates ${formatPath([listName, first, field])}${caseNote}`)
    }
  })
  return new Set(firstIndex.keys())
}

function uniqueValues(
  values: Array<string | undefined>,
  listName: string,
  field: string,
  report: Report,
) {
  const firstIndex = new Map<string, number>()
  values.forEach((value, i) => {
    if (value === undefined) return
    const first = firstIndex.get(value)
    if (first === undefined) firstIndex.set(value, i)
    else report([listName, i, field], `duplicates ${formatPath([listName, first, field])}`)
  })
}

// sObject names are case-insensitive in Salesforce, and a record's own Id must look like an
// id the API could answer with.
function recordIssues(records: ParsedWorkspace['records'], report: Report) {
  const seenObjects = new Map<string, string>()
  for (const [sObject, rows] of Object.entries(records)) {
    const earlier = seenObjects.get(sObject.toLowerCase())
    if (earlier !== undefined) {
      report(
        ['records', sObject],
        `duplicates ${formatPath(['records', earlier])} (sObject names ignore case)`,
      )
    }
    seenObjects.set(sObject.toLowerCase(), sObject)
    const seenIds = new Map<string, number>()
    rows.forEach((row, i) => {
      if (!('Id' in row)) return
      const id = row.Id
      if (typeof id !== 'string' || !RECORD_ID.test(id)) {
        report(['records', sObject, i, 'Id'], 'expected a 15- or 18-character Salesforce id')
        return
      }
      const first = seenIds.get(toId18IfShort(id))
      if (first !== undefined) {
        report(
          ['records', sObject, i, 'Id'],
          `duplicates ${formatPath(['records', sObject, first, 'Id'])}`,
        )
      } else seenIds.set(toId18IfShort(id), i)
    })
  }
}
