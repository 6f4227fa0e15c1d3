import { isSalesforceId, toId18IfShort } from '../../salesforce/ids'
import type { RecordValue, WorkspaceRecord } from '../../workspace/types'
import { restErrors } from '../errors'
import { isCreateable, isUpdateable } from '../metadata/describe'
import { TEXT_TYPES, type FieldDef, type ObjectSchema } from '../metadata/types'
import { autoNumber, type ApiRecord } from './record'
import type { RecordRepository } from './repository'
import type { RecordTable } from './table'
import { formatDate, formatDateTime, parseDateTime } from './values'

/**
 * Turns a create or update body into the data to store, checking it as Salesforce does:
 * known fields, writable fields, value types and lengths, lookups that point at existing
 * records of the right object, required fields present. System fields are the org's to set.
 */

export interface WriteContext {
  repository: RecordRepository
  table: RecordTable
  /** The object as the user sees it: fields they cannot read absent, or edit read-only. */
  schema: ObjectSchema
  /** Whether the user may read records of an object (a lookup's target). */
  canRead(object: string): boolean
  /** The user making the change (CreatedById, LastModifiedById, default OwnerId). */
  userId: string
  /** Virtual now, ms. */
  now: number
}

const describeJson = (value: unknown): string =>
  Array.isArray(value) ? 'START_ARRAY' : typeof value === 'object' ? 'START_OBJECT' : 'VALUE_STRING'

const cannotDeserialize = (type: string, value: unknown) =>
  restErrors.jsonParser(
    `Cannot deserialize instance of ${type} from ${describeJson(value)} value ${
      typeof value === 'object' ? JSON.stringify(value) : String(value)
    } or request may be missing a required field`,
  )

/** The body as a field → value map; anything but a JSON object is a parser error. */
function readBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') {
    throw restErrors.jsonParser('No content to map due to end-of-input')
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw restErrors.jsonParser(
      `Cannot deserialize instance of sObject from ${describeJson(body)} value`,
    )
  }
  return body as Record<string, unknown>
}

function coerceNumber(field: FieldDef, value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  const type = field.type === 'int' ? 'int' : 'double'
  if (typeof value === 'string' && value.trim() === '') throw cannotDeserialize(type, value)
  if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) {
    throw cannotDeserialize(type, value)
  }
  const digits = (field.precision ?? 18) - (field.scale ?? 0)
  if (Math.abs(n) >= 10 ** digits) throw restErrors.numberOutOfRange(field.name, field.label, n)
  return n
}

function coerceReference(ctx: WriteContext, field: FieldDef, value: unknown): string {
  const text = typeof value === 'string' ? value : String(value)
  if (!isSalesforceId(text)) throw restErrors.malformedId(field.name, field.label, text)
  const target = ctx.repository.objectForPrefix(text.slice(0, 3))
  const allowed = (field.referenceTo ?? []).map((t) => t.toLowerCase())
  if (!target || !allowed.includes(target.toLowerCase())) {
    throw restErrors.wrongIdType(field.name, field.label, text)
  }
  if (!ctx.canRead(target)) throw restErrors.insufficientCrossReference()
  const record = ctx.repository.table(target)?.byKey(text.slice(0, 15))
  if (!record || record.deleted) throw restErrors.invalidCrossReference()
  return toId18IfShort(text)
}

/** One value, checked and in the form it is stored in. */
function coerce(ctx: WriteContext, field: FieldDef, value: unknown): RecordValue {
  if (value === null) return null
  if (typeof value === 'object') throw cannotDeserialize(field.type, value)
  if (TEXT_TYPES.has(field.type)) {
    const text = String(value)
    const max = field.length ?? 255
    if (text.length > max) throw restErrors.stringTooLong(field.name, field.label, text, max)
    if (field.type === 'email' && text !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
      throw restErrors.invalidEmail(field.name, field.label, text)
    }
    return text === '' ? null : text
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value
      if (value === 'true' || value === 'false') return value === 'true'
      throw cannotDeserialize('boolean', value)
    case 'date': {
      const ms = typeof value === 'string' ? parseDateTime(value) : null
      if (ms === null) throw cannotDeserialize('date', value)
      return formatDate(ms)
    }
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : null
      if (ms === null) throw cannotDeserialize('datetime', value)
      return formatDateTime(ms)
    }
    case 'reference':
    case 'id':
      return coerceReference(ctx, field, value)
    default:
      return coerceNumber(field, value)
  }
}

/** The body's fields, checked: [field, stored value] in body order. */
function readFields(
  ctx: WriteContext,
  body: Record<string, unknown>,
  writable: (schema: ObjectSchema, field: FieldDef) => boolean,
  existing: ApiRecord | null,
): Array<[FieldDef, RecordValue]> {
  const schema = ctx.schema
  const fields: Array<[FieldDef, unknown]> = []
  const readOnly: string[] = []
  for (const [name, value] of Object.entries(body)) {
    if (name === 'attributes') continue
    const field = schema.field(name)
    if (!field) throw restErrors.noSuchColumn(name, schema.name)
    if (field.type === 'id') {
      if (!existing) throw restErrors.idInInsert()
      // An update may repeat the record's own id; any other id is a mistake.
      if (typeof value === 'string' && value.slice(0, 15) === existing.key) continue
      throw restErrors.malformedId('Id', 'Record ID', String(value))
    }
    if (!writable(schema, field)) readOnly.push(field.name)
    else fields.push([field, value])
  }
  if (readOnly.length) throw restErrors.notWritable(readOnly)
  return fields.map(([field, value]) => [field, coerce(ctx, field, value)])
}

const auditTimes = (schema: ObjectSchema, ctx: WriteContext, created: boolean): WorkspaceRecord => {
  const stamp = formatDateTime(ctx.now)
  const data: WorkspaceRecord = {}
  const set = (name: string, value: RecordValue) => {
    if (schema.field(name)) data[name] = value
  }
  if (created) {
    set('CreatedDate', stamp)
    set('CreatedById', ctx.userId)
  }
  set('LastModifiedDate', stamp)
  set('LastModifiedById', ctx.userId)
  set('SystemModstamp', stamp)
  return data
}

/** The next auto-number: one more than the highest in use. */
function nextAutoNumber(table: RecordTable, field: FieldDef): string {
  let highest = 0
  for (const record of table.rows) {
    const n = Number(record.fields[field.name])
    if (Number.isInteger(n) && n > highest) highest = n
  }
  return autoNumber(Math.max(highest, table.rows.length) + 1)
}

export function prepareCreate(ctx: WriteContext, rawBody: unknown): WorkspaceRecord {
  const schema = ctx.schema
  const given = readFields(ctx, readBody(rawBody), isCreateable, null)
  const data: WorkspaceRecord = { Id: ctx.repository.newId(ctx.table) }
  for (const [field, value] of given) data[field.name] = value
  for (const field of schema.fields) {
    if (field.name in data) continue
    if (field.defaultValue !== undefined && field.type !== 'boolean') {
      data[field.name] = field.defaultValue
    }
    if (field.autoNumber) data[field.name] = nextAutoNumber(ctx.table, field)
  }
  const missing = schema.fields
    .filter((f) => f.required && isCreateable(schema, f) && (data[f.name] ?? null) === null)
    .map((f) => f.name)
  if (missing.length) throw restErrors.requiredMissing(missing)
  if (schema.field('OwnerId') && (data.OwnerId ?? null) === null) data.OwnerId = ctx.userId
  return { ...data, ...auditTimes(schema, ctx, true) }
}

/** The stored data with `changes` applied; names the stored data spells differently are replaced. */
function merge(previous: WorkspaceRecord, changes: WorkspaceRecord): WorkspaceRecord {
  const changed = new Set(Object.keys(changes).map((k) => k.toLowerCase()))
  const data: WorkspaceRecord = {}
  for (const [name, value] of Object.entries(previous)) {
    if (!changed.has(name.toLowerCase())) data[name] = value
  }
  return { ...data, ...changes }
}

export function prepareUpdate(
  ctx: WriteContext,
  record: ApiRecord,
  rawBody: unknown,
): WorkspaceRecord {
  const schema = ctx.schema
  const given = readFields(ctx, readBody(rawBody), isUpdateable, record)
  const changes: WorkspaceRecord = {}
  for (const [field, value] of given) changes[field.name] = value
  const cleared = given.filter(([field, value]) => field.required && value === null)
  if (cleared.length) throw restErrors.requiredMissing(cleared.map(([field]) => field.name))
  return merge(record.data, { ...changes, ...auditTimes(schema, ctx, false) })
}

/** Deletion moves the record to the recycle bin: it stays, marked IsDeleted (queryAll sees it). */
export function prepareDelete(ctx: WriteContext, record: ApiRecord): WorkspaceRecord {
  return merge(record.data, { IsDeleted: true, ...auditTimes(ctx.schema, ctx, false) })
}
