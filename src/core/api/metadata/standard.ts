import type { WorkspaceRecord } from '../../workspace/types'
import { inferFields, inferredObjectDef, type PrefixResolver } from './infer'
import { ORGANIZATION, PROFILE, USER } from './org-objects'
import { ACCOUNT, CONTACT, LEAD, OPPORTUNITY } from './sales-objects'
import { CASE } from './service-objects'
import type { ObjectDef } from './types'

/** The standard objects Gatehouse models, by lower-cased name. */
export const STANDARD_OBJECTS: ReadonlyMap<string, ObjectDef> = new Map(
  [ACCOUNT, CONTACT, LEAD, OPPORTUNITY, CASE, USER, PROFILE, ORGANIZATION].map((def) => [
    def.name.toLowerCase(),
    def,
  ]),
)

/** Objects whose records come from the workspace's org, users and profiles, not from data. */
export const WORKSPACE_OBJECTS: ReadonlySet<string> = new Set(['user', 'profile', 'organization'])

/**
 * The definition of an object holding `records`: the standard definition plus any fields the
 * data adds, or a definition inferred from the data for any other object.
 */
export function objectDefFor(
  name: string,
  keyPrefix: string,
  records: readonly WorkspaceRecord[],
  resolvePrefix: PrefixResolver,
): ObjectDef {
  const standard = STANDARD_OBJECTS.get(name.toLowerCase())
  if (!standard) return inferredObjectDef(name, keyPrefix, records, resolvePrefix)
  const known = new Set(standard.fields.map((f) => f.name.toLowerCase()))
  const extra = inferFields(records, (field) => known.has(field.toLowerCase()), resolvePrefix)
  return extra.length ? { ...standard, fields: [...standard.fields, ...extra] } : standard
}
