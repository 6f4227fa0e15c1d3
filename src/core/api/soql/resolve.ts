import { isSalesforceId } from '../../salesforce/ids'
import {
  ID_TYPES,
  isLongText,
  NUMBER_TYPES,
  TEXT_TYPES,
  type FieldDef,
  type ObjectSchema,
} from '../metadata/types'
import type { Comparable } from '../records/values'
import type {
  ComparisonOperator,
  Condition,
  FieldPath,
  Literal,
  Position,
  SelectItem,
  SoqlQuery,
} from './ast'
import { malformed, SoqlError } from './errors'

/**
 * Checks a parsed query against the org's objects, as Salesforce's query compiler does:
 * the object exists, every field path leads somewhere, every filter value fits its field.
 * The result names real fields (canonical spelling) and holds filter values in the same
 * comparable form the evaluator reads from records.
 */

/** What the resolver needs to know about the org. */
export interface SchemaLookup {
  object(name: string): ObjectSchema | undefined
}

export interface ResolvedPath {
  /** Lookups followed, in order, and the object each leads to. */
  hops: Array<{ field: FieldDef; target: ObjectSchema }>
  field: FieldDef
  /** Relationship names then the field name, as the response nests them. */
  names: string[]
  /** `names` joined with dots: the path's identity. */
  key: string
  pos: Position
}

export type ResolvedValue =
  | { kind: 'value'; value: Comparable }
  /** A date literal: a range worked out when the query runs, on the virtual clock. */
  | { kind: 'range'; name: string; n: number | null }

export type ResolvedCondition =
  | { kind: 'and' | 'or'; operands: ResolvedCondition[] }
  | { kind: 'not'; operand: ResolvedCondition }
  | { kind: 'compare'; path: ResolvedPath; operator: ComparisonOperator; value: ResolvedValue }
  | { kind: 'like'; path: ResolvedPath; pattern: RegExp }
  | { kind: 'in'; path: ResolvedPath; negated: boolean; values: ResolvedValue[] }

export type ResolvedSelect =
  | { kind: 'field'; path: ResolvedPath }
  | { kind: 'count'; path: ResolvedPath | null; alias: string }

export interface ResolvedOrder {
  path: ResolvedPath
  descending: boolean
  nullsFirst: boolean
}

export interface ResolvedQuery {
  object: ObjectSchema
  select: ResolvedSelect[]
  /** `SELECT COUNT() FROM …`: the answer is totalSize alone. */
  countOnly: boolean
  /** `SELECT COUNT(field) …`: one AggregateResult record. */
  aggregate: boolean
  where: ResolvedCondition | null
  orderBy: ResolvedOrder[]
  limit: number | null
  offset: number | null
}

/** Salesforce's largest OFFSET. */
export const MAX_OFFSET = 2000

const TYPE_NAMES: Readonly<Record<FieldDef['type'], string>> = {
  id: 'id',
  reference: 'id',
  string: 'string',
  textarea: 'string',
  picklist: 'string',
  multipicklist: 'string',
  email: 'string',
  phone: 'string',
  url: 'string',
  boolean: 'boolean',
  int: 'integer',
  double: 'double',
  currency: 'currency',
  percent: 'percent',
  date: 'date',
  datetime: 'dateTime',
}

const invalidField = (problem: string, pos: Position) =>
  new SoqlError('INVALID_FIELD', problem, pos)

function noSuchColumn(field: string, object: string, pos: Position): SoqlError {
  return invalidField(
    `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    pos,
  )
}

function unknownRelationship(name: string, pos: Position): SoqlError {
  return invalidField(
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    pos,
  )
}

export function resolveQuery(query: SoqlQuery, schemas: SchemaLookup): ResolvedQuery {
  const object = schemas.object(query.from.name)
  if (!object) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      query.from.pos,
    )
  }
  const resolver = new Resolver(object, query.from.alias, schemas)
  const select = resolver.select(query.select)
  const countOnly = select.some((item) => item.kind === 'count' && item.path === null)
  const aggregate = !countOnly && select.some((item) => item.kind === 'count')
  const where = query.where ? resolver.condition(query.where) : null
  const orderBy = query.orderBy.map((item) => {
    const path = resolver.path(item.field)
    if (isLongText(path.field)) {
      throw invalidField(
        `field '${path.field.name}' can not be sorted in a query call`,
        item.field.pos,
      )
    }
    if (aggregate) {
      throw malformed(
        `Ordered field must be grouped or aggregated: ${path.field.name}`,
        item.field.pos,
      )
    }
    const descending = item.direction === 'DESC'
    // Nulls sort as the smallest value unless the query says otherwise.
    const nullsFirst = item.nulls === null ? !descending : item.nulls === 'FIRST'
    return { path, descending, nullsFirst }
  })
  if (query.offset && query.offset.value > MAX_OFFSET) {
    throw new SoqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
      query.offset.pos,
    )
  }
  return {
    object,
    select,
    countOnly,
    aggregate,
    where,
    orderBy,
    limit: query.limit?.value ?? null,
    offset: query.offset?.value ?? null,
  }
}

class Resolver {
  constructor(
    private readonly root: ObjectSchema,
    private readonly alias: string | null,
    private readonly schemas: SchemaLookup,
  ) {}

  path(fieldPath: FieldPath): ResolvedPath {
    let segments = fieldPath.path
    if (
      this.alias &&
      segments.length > 1 &&
      segments[0]!.toLowerCase() === this.alias.toLowerCase()
    ) {
      segments = segments.slice(1)
    }
    let current = this.root
    const hops: ResolvedPath['hops'] = []
    const names: string[] = []
    for (const segment of segments.slice(0, -1)) {
      const lookup = current.relationship(segment)
      const target = lookup?.referenceTo?.[0]
        ? this.schemas.object(lookup.referenceTo[0])
        : undefined
      if (!lookup || !target) throw unknownRelationship(segment, fieldPath.pos)
      hops.push({ field: lookup, target })
      names.push(lookup.relationshipName!)
      current = target
    }
    const last = segments[segments.length - 1]!
    const field = current.field(last)
    if (!field) throw noSuchColumn(last, current.name, fieldPath.pos)
    names.push(field.name)
    return { hops, field, names, key: names.join('.'), pos: fieldPath.pos }
  }

  select(items: SelectItem[]): ResolvedSelect[] {
    const seen = new Set<string>()
    let unnamed = 0
    const resolved = items.map((item): ResolvedSelect => {
      if (item.kind === 'count') {
        const path = item.field ? this.path(item.field) : null
        const alias = item.alias ?? `expr${unnamed++}`
        return { kind: 'count', path, alias }
      }
      const path = this.path(item.field)
      const key = path.key.toLowerCase()
      if (seen.has(key)) throw malformed(`duplicate field selected: ${path.key}`, item.field.pos)
      seen.add(key)
      return { kind: 'field', path }
    })
    const countAll = items.find((item) => item.kind === 'count' && item.field === null)
    if (countAll?.kind === 'count' && items.length > 1) {
      throw malformed('COUNT() must be the only element in the SELECT list', countAll.pos)
    }
    const aggregates = items.some((item) => item.kind === 'count')
    const plain = items.find((item) => item.kind === 'field')
    if (aggregates && plain && plain.kind === 'field') {
      const name = resolved.find((r) => r.kind === 'field')!
      throw malformed(
        `Field must be grouped or aggregated: ${name.kind === 'field' ? name.path.field.name : ''}`,
        plain.field.pos,
      )
    }
    return resolved
  }

  condition(condition: Condition): ResolvedCondition {
    switch (condition.kind) {
      case 'and':
      case 'or':
        return { kind: condition.kind, operands: condition.operands.map((c) => this.condition(c)) }
      case 'not':
        return { kind: 'not', operand: this.condition(condition.operand) }
      case 'compare': {
        const path = this.filterPath(condition.field)
        if (path.field.type === 'boolean' && !['=', '!='].includes(condition.operator)) {
          throw new SoqlError(
            'INVALID_QUERY_FILTER_OPERATOR',
            `invalid operator on boolean field: ${path.field.name}`,
            condition.field.pos,
          )
        }
        return {
          kind: 'compare',
          path,
          operator: condition.operator,
          value: filterValue(path, condition.value, condition.field.pos),
        }
      }
      case 'like': {
        const path = this.filterPath(condition.field)
        if (!TEXT_TYPES.has(path.field.type)) {
          throw new SoqlError(
            'INVALID_QUERY_FILTER_OPERATOR',
            `invalid operator on field '${path.field.name}': LIKE applies to text fields only`,
            condition.field.pos,
          )
        }
        if (condition.pattern.kind !== 'string') {
          throw wrongValueType(path.field, condition.field.pos)
        }
        return { kind: 'like', path, pattern: likePattern(condition.pattern.value.toLowerCase()) }
      }
      case 'in': {
        const path = this.filterPath(condition.field)
        const values = condition.values.map((v) => filterValue(path, v, condition.field.pos))
        return { kind: 'in', path, negated: condition.negated, values }
      }
    }
  }

  private filterPath(fieldPath: FieldPath): ResolvedPath {
    const path = this.path(fieldPath)
    if (isLongText(path.field)) {
      throw invalidField(
        `field '${path.field.name}' can not be filtered in a query call`,
        fieldPath.pos,
      )
    }
    return path
  }
}

function wrongValueType(field: FieldDef, pos: Position): SoqlError {
  const quoted = TEXT_TYPES.has(field.type) || ID_TYPES.has(field.type)
  return invalidField(
    `value of filter criterion for field '${field.name}' must be of type ${TYPE_NAMES[field.type]} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    pos,
  )
}

/** A filter value in the form records are compared in, or an error naming the field. */
function filterValue(path: ResolvedPath, literal: Literal, pos: Position): ResolvedValue {
  const field = path.field
  if (literal.kind === 'null') return { kind: 'value', value: null }
  if (TEXT_TYPES.has(field.type)) {
    if (literal.kind !== 'string') throw wrongValueType(field, pos)
    return { kind: 'value', value: literal.value.toLowerCase() }
  }
  if (ID_TYPES.has(field.type)) {
    if (literal.kind !== 'string') throw wrongValueType(field, pos)
    if (!isSalesforceId(literal.value) && !/^[0-9A-Za-z]{18}$/.test(literal.value)) {
      throw new SoqlError(
        'INVALID_QUERY_FILTER_OPERATOR',
        `invalid ID field: ${literal.value}`,
        pos,
      )
    }
    return { kind: 'value', value: literal.value.slice(0, 15) }
  }
  if (NUMBER_TYPES.has(field.type)) {
    if (literal.kind !== 'number') throw wrongValueType(field, pos)
    return { kind: 'value', value: literal.value }
  }
  if (field.type === 'boolean') {
    if (literal.kind !== 'boolean') throw wrongValueType(field, pos)
    return { kind: 'value', value: literal.value }
  }
  // date and datetime fields
  if (literal.kind === 'dateLiteral') return { kind: 'range', name: literal.name, n: literal.n }
  if (field.type === 'date' && literal.kind === 'date')
    return { kind: 'value', value: literal.value }
  if (field.type === 'datetime' && literal.kind === 'datetime') {
    return { kind: 'value', value: literal.value }
  }
  throw wrongValueType(field, pos)
}

/**
 * A LIKE pattern as an anchored, case-insensitive expression: `%` any run, `_` one
 * character, `\%` and `\_` themselves.
 */
export function likePattern(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '\\' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i]!)
    } else if (c === '%') source += '.*'
    else if (c === '_') source += '.'
    else source += escapeRegExp(c)
  }
  return new RegExp(`^${source}$`, 's')
}

const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
