import type { RecordValue } from '../../workspace/types'

/**
 * The org's object model, as compact definitions: enough to describe an object the way
 * Salesforce's describe call does, to check writes, and to resolve SOQL field paths.
 */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'email'
  | 'phone'
  | 'url'

export interface FieldDef {
  name: string
  label: string
  type: FieldType
  /** Text fields: maximum length. */
  length?: number
  /** Number fields: total digits and digits after the point. */
  precision?: number
  scale?: number
  /** Must have a value: required on create and may not be cleared. */
  required?: boolean
  /** Maintained by the org (system, computed or auto-number): never written by clients. */
  readonly?: boolean
  /** Written on create only. */
  createOnly?: boolean
  picklist?: readonly string[]
  /** What a create without this field stores. */
  defaultValue?: RecordValue
  referenceTo?: readonly string[]
  relationshipName?: string
  nameField?: boolean
  /** Numbered by the org on create (Case.CaseNumber). */
  autoNumber?: boolean
  custom?: boolean
}

/** Fills fields the org derives from others (Contact.Name, Opportunity.IsClosed …). */
export type ComputeFields = (fields: Record<string, RecordValue>) => void

export interface ObjectDef {
  name: string
  label: string
  labelPlural: string
  keyPrefix: string
  custom: boolean
  createable: boolean
  updateable: boolean
  deletable: boolean
  fields: FieldDef[]
  compute?: ComputeFields
}

/** An object with its field lookups built (names are matched without regard to case). */
export interface ObjectSchema extends ObjectDef {
  field(name: string): FieldDef | undefined
  /** The reference field whose relationshipName is `name` (e.g. Account → AccountId). */
  relationship(name: string): FieldDef | undefined
}

export function buildSchema(def: ObjectDef): ObjectSchema {
  const byName = new Map(def.fields.map((f) => [f.name.toLowerCase(), f]))
  const byRelationship = new Map(
    def.fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f]),
  )
  return {
    ...def,
    field: (name) => byName.get(name.toLowerCase()),
    relationship: (name) => byRelationship.get(name.toLowerCase()),
  }
}

export const TEXT_TYPES: ReadonlySet<FieldType> = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'email',
  'phone',
  'url',
])
export const NUMBER_TYPES: ReadonlySet<FieldType> = new Set([
  'int',
  'double',
  'currency',
  'percent',
])
export const ID_TYPES: ReadonlySet<FieldType> = new Set(['id', 'reference'])

/** Long text areas cannot be filtered or sorted in SOQL. */
export const isLongText = (field: FieldDef): boolean =>
  field.type === 'textarea' && (field.length ?? 0) > 255
