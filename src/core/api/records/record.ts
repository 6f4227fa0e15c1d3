import type { RecordValue, WorkspaceRecord } from '../../workspace/types'
import type { ObjectSchema } from '../metadata/types'
import { outputValue } from './values'

/**
 * A record as the API sees it: every field of its object under the field's API name, in the
 * form Salesforce answers with, system fields filled in. Records are immutable: a write
 * replaces the object, so a query cursor keeps the values it was created with.
 */
export interface ApiRecord {
  /** 18-character id. */
  readonly id: string
  /** The first 15 characters: the id without its case checksum, the lookup key. */
  readonly key: string
  readonly fields: Readonly<Record<string, RecordValue>>
  readonly deleted: boolean
  /** What is stored (and exported to the workspace file). */
  readonly data: WorkspaceRecord
}

/** Values for system fields the stored data does not carry (workspace-given records). */
export interface RecordDefaults {
  /** Salesforce-formatted date-time used for CreatedDate and friends. */
  timestamp: string
  /** The user who "created" workspace records: the org's first user. */
  userId: string | null
  /** For auto-number fields (Case.CaseNumber): the record's place in its object. */
  sequence: number
}

/** Lower-cased field name → value, so workspace data matches fields without regard to case. */
function indexByLowerName(data: WorkspaceRecord): Map<string, RecordValue> {
  const index = new Map<string, RecordValue>()
  for (const [name, value] of Object.entries(data)) index.set(name.toLowerCase(), value)
  return index
}

export function autoNumber(sequence: number): string {
  return String(sequence).padStart(8, '0')
}

export function buildRecord(
  schema: ObjectSchema,
  id: string,
  data: WorkspaceRecord,
  defaults: RecordDefaults,
): ApiRecord {
  const given = indexByLowerName(data)
  const fields: Record<string, RecordValue> = {}
  for (const field of schema.fields) {
    const value = outputValue(field, given.get(field.name.toLowerCase()))
    // Checkboxes are never null in Salesforce: an absent one is unchecked.
    fields[field.name] = value === null && field.type === 'boolean' ? false : value
  }
  fields.Id = id
  const deleted = fields.IsDeleted === true
  if ('IsDeleted' in fields) fields.IsDeleted = deleted
  for (const name of ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']) {
    if (name in fields && fields[name] === null) fields[name] = defaults.timestamp
  }
  for (const name of ['CreatedById', 'LastModifiedById', 'OwnerId']) {
    if (name in fields && fields[name] === null) fields[name] = defaults.userId
  }
  for (const field of schema.fields) {
    if (field.autoNumber && fields[field.name] === null) {
      fields[field.name] = autoNumber(defaults.sequence)
    }
  }
  schema.compute?.(fields)
  return { id, key: id.slice(0, 15), fields, deleted, data }
}
