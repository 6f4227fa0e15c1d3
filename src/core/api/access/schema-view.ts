import type { FieldDef, ObjectSchema } from '../metadata/types'
import type { SchemaLookup } from '../soql/resolve'
import type { ObjectAccess } from './permissions'

/**
 * The object model as one user sees it: objects they cannot read do not exist, fields they
 * cannot read do not exist, fields they cannot edit are read-only. Salesforce answers this
 * way — a query on an unreadable object is INVALID_TYPE ("sObject type … is not supported"),
 * a hidden field is INVALID_FIELD ("No such column") — so SOQL, describe and record writes
 * read this view and answer in Salesforce's own words without knowing about permissions.
 */
export function objectView(schema: ObjectSchema, access: ObjectAccess): ObjectSchema | undefined {
  if (!access.restricted) return schema
  if (!access.object(schema.name, 'read').allowed) return undefined
  const visible = (field: FieldDef | undefined) =>
    field !== undefined && access.field(schema.name, field.name, 'read').allowed
  const shown = (field: FieldDef): FieldDef =>
    field.readonly || access.field(schema.name, field.name, 'edit').allowed
      ? field
      : { ...field, readonly: true }
  const fields = schema.fields.filter(visible).map(shown)
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]))
  return {
    ...schema,
    fields,
    createable: schema.createable && access.object(schema.name, 'create').allowed,
    updateable: schema.updateable && access.object(schema.name, 'edit').allowed,
    deletable: schema.deletable && access.object(schema.name, 'delete').allowed,
    field: (name) => byName.get(name.toLowerCase()),
    relationship: (name) => {
      const field = schema.relationship(name)
      return field && byName.get(field.name.toLowerCase())
    },
  }
}

/** A SchemaLookup (for SOQL) that sees what the user may read. */
export function lookupFor(
  lookup: (name: string) => ObjectSchema | undefined,
  access: ObjectAccess,
): SchemaLookup {
  return {
    object: (name) => {
      const schema = lookup(name)
      return schema && objectView(schema, access)
    },
  }
}
