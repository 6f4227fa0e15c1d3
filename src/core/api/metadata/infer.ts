import { isSalesforceId } from '../../salesforce/ids'
import type { RecordValue, WorkspaceRecord } from '../../workspace/types'
import { auditFields, leadingSystemFields, text } from './fields'
import type { FieldDef, ObjectDef } from './types'

/**
 * Objects and fields the workspace's records name but Salesforce's standard objects do not
 * define (custom `__c` objects, custom fields on standard objects) get their definitions
 * from the data: the type every value agrees on, text otherwise.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/

/** "Order_Line__c" → "Order Line". */
export function labelOf(apiName: string): string {
  return (
    apiName
      .replace(/__[cr]$/i, '')
      .replace(/_+/g, ' ')
      .trim() || apiName
  )
}

/** The relationship name a lookup field gets: Foo__c → Foo__r, ManagerId → Manager. */
function relationshipNameOf(field: string): string | null {
  if (/__c$/i.test(field)) return field.slice(0, -3) + '__r'
  if (/.Id$/.test(field)) return field.slice(0, -2)
  return null
}

export type PrefixResolver = (keyPrefix: string) => string | undefined

function inferField(name: string, values: RecordValue[], resolvePrefix: PrefixResolver): FieldDef {
  const custom = /__c$/i.test(name)
  const label = labelOf(name)
  const present = values.filter((v) => v !== null)
  const base = { name, label, custom }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) {
    return { ...base, type: 'boolean', defaultValue: false }
  }
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    const scale = Math.min(
      8,
      Math.max(0, ...present.map((v) => (String(v).split('.')[1] ?? '').length)),
    )
    return { ...base, type: 'double', precision: 18, scale }
  }
  const strings = present.every((v) => typeof v === 'string') ? (present as string[]) : null
  if (strings && strings.length > 0) {
    if (strings.every((v) => DATE.test(v))) return { ...base, type: 'date' }
    if (strings.every((v) => DATE_TIME.test(v))) return { ...base, type: 'datetime' }
    const target = commonReferenceTarget(strings, resolvePrefix)
    const relationshipName = relationshipNameOf(name)
    if (target && relationshipName) {
      return { ...base, type: 'reference', length: 18, referenceTo: [target], relationshipName }
    }
  }
  const longest = Math.max(0, ...present.map((v) => String(v).length))
  if (longest > 255) return { ...base, type: 'textarea', length: 131072 }
  return { ...base, type: 'string', length: 255 }
}

/** The object every value is an id of, when they all agree. */
function commonReferenceTarget(values: string[], resolvePrefix: PrefixResolver): string | null {
  if (!values.every((v) => isSalesforceId(v) || /^[0-9A-Za-z]{18}$/.test(v))) return null
  const prefixes = new Set(values.map((v) => v.slice(0, 3)))
  if (prefixes.size !== 1) return null
  return resolvePrefix([...prefixes][0]!) ?? null
}

/**
 * Definitions for the fields `records` use that `known` does not already define, in the
 * order they first appear.
 */
export function inferFields(
  records: readonly WorkspaceRecord[],
  known: (name: string) => boolean,
  resolvePrefix: PrefixResolver,
): FieldDef[] {
  const values = new Map<string, { name: string; values: RecordValue[] }>()
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      if (known(name)) continue
      const key = name.toLowerCase()
      let entry = values.get(key)
      if (!entry) values.set(key, (entry = { name, values: [] }))
      entry.values.push(value)
    }
  }
  return [...values.values()].map((entry) => inferField(entry.name, entry.values, resolvePrefix))
}

/** An object Salesforce does not predefine: a custom object, or one Gatehouse has no model of. */
export function inferredObjectDef(
  name: string,
  keyPrefix: string,
  records: readonly WorkspaceRecord[],
  resolvePrefix: PrefixResolver,
): ObjectDef {
  const custom = /__c$/i.test(name)
  const fields: FieldDef[] = [
    ...leadingSystemFields(),
    text('Name', `${labelOf(name)} Name`, 80, { nameField: true }),
    ...auditFields({ owner: true }),
  ]
  const known = new Set(fields.map((f) => f.name.toLowerCase()))
  fields.push(...inferFields(records, (field) => known.has(field.toLowerCase()), resolvePrefix))
  const label = labelOf(name)
  return {
    name,
    label,
    labelPlural: label.endsWith('s') ? label : `${label}s`,
    keyPrefix,
    custom,
    createable: true,
    updateable: true,
    deletable: true,
    fields,
  }
}
