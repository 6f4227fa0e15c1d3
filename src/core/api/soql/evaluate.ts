import type { RecordValue } from '../../workspace/types'
import type { ApiRecord } from '../records/record'
import type { RecordTable } from '../records/table'
import { comparableOf, type Comparable } from '../records/values'
import { dateLiteralRange } from './date-literals'
import type { ResolvedCondition, ResolvedPath, ResolvedQuery, ResolvedValue } from './resolve'

/**
 * Runs a resolved query over the in-memory tables.
 *
 * Each field path a query filters or sorts on becomes a column: one comparable value per
 * row, built once and kept with the table until a write to any table on the path changes
 * its version. A sort order is kept the same way. Filters compile to closures over those
 * columns, and a query with LIMIT stops scanning once it has enough rows — so repeating a
 * query over an unchanged object costs a walk over arrays, not JSON parsing or SQL.
 */

export interface TableSource {
  table(name: string): RecordTable | undefined
}

export interface QueryOptions {
  /** queryAll: include records in the recycle bin. */
  includeDeleted: boolean
  /** Virtual now (ms), for date literals. */
  now: number
}

export interface QueryResult {
  /** Matching records in order, after OFFSET and LIMIT (empty for COUNT()). */
  records: ApiRecord[]
  /** totalSize: the number of matches (for COUNT(): the count). */
  totalSize: number
  /** COUNT(field) queries: the one AggregateResult row. */
  aggregate: Record<string, number> | null
}

/** The value at the end of `path`, following lookups from `record`; null where a link is empty. */
export function valueAt(record: ApiRecord, path: ResolvedPath, source: TableSource): RecordValue {
  let current: ApiRecord | undefined = record
  for (const hop of path.hops) {
    const id: RecordValue | undefined = current.fields[hop.field.name]
    if (typeof id !== 'string') return null
    current = source.table(hop.target.name)?.byKey(id.slice(0, 15))
    if (!current) return null
  }
  return current.fields[path.field.name] ?? null
}

/** The tables a path reads, for cache stamps. */
function stampOf(table: RecordTable, path: ResolvedPath, source: TableSource): string {
  let stamp = String(table.version)
  for (const hop of path.hops) stamp += ':' + (source.table(hop.target.name)?.version ?? 0)
  return stamp
}

function column(table: RecordTable, path: ResolvedPath, source: TableSource): Comparable[] {
  return table.derive(`column:${path.key.toLowerCase()}`, stampOf(table, path, source), () =>
    table.rows.map((record) => comparableOf(path.field, valueAt(record, path, source))),
  )
}

function compareComparable(a: Comparable, b: Comparable): number {
  if (a === b) return 0
  if (typeof a === 'boolean') return a ? 1 : -1
  return (a as string | number) < (b as string | number) ? -1 : 1
}

/** Names one ORDER BY (fields, directions and null placement) for the derived-data caches. */
function orderKey(query: ResolvedQuery): string {
  return query.orderBy
    .map(
      (o) => `${o.path.key.toLowerCase()} ${o.descending ? 'd' : 'a'}${o.nullsFirst ? 'f' : 'l'}`,
    )
    .join(',')
}

/** Row indexes in ORDER BY order (all rows; filtering happens while walking it). */
function sortedOrder(table: RecordTable, query: ResolvedQuery, source: TableSource): number[] {
  const key = orderKey(query)
  const stamp = query.orderBy.map((o) => stampOf(table, o.path, source)).join('|')
  return table.derive(`order:${key}`, stamp, () => {
    const keys = query.orderBy.map((o) => ({
      values: column(table, o.path, source),
      direction: o.descending ? -1 : 1,
      nulls: o.nullsFirst ? -1 : 1,
    }))
    const order = table.rows.map((_, i) => i)
    order.sort((i, j) => {
      for (const k of keys) {
        const a = k.values[i]!
        const b = k.values[j]!
        if (a === b) continue
        if (a === null) return k.nulls
        if (b === null) return -k.nulls
        return compareComparable(a, b) * k.direction
      }
      return i - j
    })
    return order
  })
}

type Predicate = (i: number) => boolean

function rangeTest(operator: string, start: number, end: number): (v: number) => boolean {
  switch (operator) {
    case '=':
      return (v) => v >= start && v < end
    case '!=':
      return (v) => v < start || v >= end
    case '<':
      return (v) => v < start
    case '<=':
      return (v) => v < end
    case '>':
      return (v) => v >= end
    default:
      return (v) => v >= start
  }
}

function scalarTest(operator: string, value: Comparable): (v: Comparable) => boolean {
  if (value === null) {
    return operator === '!='
      ? (v) => v !== null
      : operator === '='
        ? (v) => v === null
        : () => false
  }
  switch (operator) {
    case '=':
      return (v) => v === value
    // SOQL's != also matches records where the field is empty.
    case '!=':
      return (v) => v !== value
    case '<':
      return (v) => v !== null && v < value
    case '<=':
      return (v) => v !== null && v <= value
    case '>':
      return (v) => v !== null && v > value
    default:
      return (v) => v !== null && v >= value
  }
}

/** Whether a value is in an IN list; date literals in the list match their whole range. */
function membership(values: ResolvedValue[], now: number): (v: Comparable) => boolean {
  const set = new Set<Comparable>()
  const ranges: Array<{ start: number; end: number }> = []
  for (const value of values) {
    if (value.kind === 'range') ranges.push(dateLiteralRange(value.name, value.n, now))
    else set.add(value.value)
  }
  if (ranges.length === 0) return (v) => set.has(v)
  return (v) =>
    set.has(v) || (typeof v === 'number' && ranges.some((r) => v >= r.start && v < r.end))
}

function compile(
  condition: ResolvedCondition,
  table: RecordTable,
  source: TableSource,
  now: number,
): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.operands.map((c) => compile(c, table, source, now))
      return (i) => parts.every((p) => p(i))
    }
    case 'or': {
      const parts = condition.operands.map((c) => compile(c, table, source, now))
      return (i) => parts.some((p) => p(i))
    }
    case 'not': {
      const inner = compile(condition.operand, table, source, now)
      return (i) => !inner(i)
    }
    case 'compare': {
      const values = column(table, condition.path, source)
      if (condition.value.kind === 'range') {
        const range = dateLiteralRange(condition.value.name, condition.value.n, now)
        const test = rangeTest(condition.operator, range.start, range.end)
        return (i) => {
          const v = values[i]
          return typeof v === 'number' && test(v)
        }
      }
      const test = scalarTest(condition.operator, condition.value.value)
      return (i) => test(values[i]!)
    }
    case 'like': {
      const values = column(table, condition.path, source)
      const pattern = condition.pattern
      return (i) => {
        const v = values[i]
        return typeof v === 'string' && pattern.test(v)
      }
    }
    case 'in': {
      const values = column(table, condition.path, source)
      const test = membership(condition.values, now)
      return condition.negated ? (i) => !test(values[i]!) : (i) => test(values[i]!)
    }
  }
}

/** Column value → the rows holding it, ascending: an equality index, kept like a column. */
function equalityIndex(
  table: RecordTable,
  path: ResolvedPath,
  source: TableSource,
): Map<Comparable, number[]> {
  return table.derive(`index:${path.key.toLowerCase()}`, stampOf(table, path, source), () => {
    const index = new Map<Comparable, number[]>()
    column(table, path, source).forEach((value, i) => {
      const rows = index.get(value)
      if (rows) rows.push(i)
      else index.set(value, [i])
    })
    return index
  })
}

/** Ascending union of ascending row lists. */
function union(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0]!
  return [...new Set(lists.flat())].sort((a, b) => a - b)
}

/**
 * The rows that can possibly match, from equality indexes, or null when the condition gives
 * no such bound (then every row is tested). `=` and IN use the index of their field; AND
 * takes its smallest bound; OR needs a bound on every branch. The full condition is still
 * tested on each candidate, so this only ever narrows the scan.
 */
function candidates(
  condition: ResolvedCondition,
  table: RecordTable,
  source: TableSource,
): number[] | null {
  switch (condition.kind) {
    case 'compare': {
      const { value } = condition
      if (condition.operator !== '=' || value.kind !== 'value' || value.value === null) return null
      return equalityIndex(table, condition.path, source).get(value.value) ?? []
    }
    case 'in': {
      if (condition.negated || condition.values.some((v) => v.kind !== 'value')) return null
      const index = equalityIndex(table, condition.path, source)
      return union(condition.values.map((v) => (v.kind === 'value' && index.get(v.value)) || []))
    }
    case 'and': {
      let best: number[] | null = null
      for (const operand of condition.operands) {
        const rows = candidates(operand, table, source)
        if (rows && (!best || rows.length < best.length)) best = rows
      }
      return best
    }
    case 'or': {
      const lists: number[][] = []
      for (const operand of condition.operands) {
        const rows = candidates(operand, table, source)
        if (!rows) return null
        lists.push(rows)
      }
      return union(lists)
    }
    default:
      return null
  }
}

/** Each row's place in the ORDER BY order, to sort a few candidates without a full sort. */
function ranks(table: RecordTable, query: ResolvedQuery, source: TableSource, order: number[]) {
  const stamp = query.orderBy.map((o) => stampOf(table, o.path, source)).join('|')
  // Keyed like the order itself: ranks for ASC must never serve a DESC query.
  return table.derive(`rank:${orderKey(query)}`, stamp, () => {
    const rank = new Uint32Array(order.length)
    order.forEach((row, position) => (rank[row] = position))
    return rank
  })
}

/** The rows to visit, in result order: all of them, or the index's candidates. */
function scanOrder(
  query: ResolvedQuery,
  table: RecordTable,
  source: TableSource,
): ArrayLike<number> | null {
  const order = query.orderBy.length ? sortedOrder(table, query, source) : null
  const bound = query.where ? candidates(query.where, table, source) : null
  if (!bound) return order
  if (!order) return bound
  const rank = ranks(table, query, source, order)
  return [...bound].sort((a, b) => rank[a]! - rank[b]!)
}

interface CachedResult {
  stamp: string
  result: QueryResult
}

/** Results by plan: a repeated query over unchanged tables is answered without a scan. */
const results = new WeakMap<ResolvedQuery, { all?: CachedResult; live?: CachedResult }>()

/** Everything a result depends on: the versions of the tables its filter and order read, and the day (for date literals). */
function resultStamp(
  query: ResolvedQuery,
  table: RecordTable,
  source: TableSource,
  now: number,
): string {
  let stamp = String(table.version)
  const paths = [...query.orderBy.map((o) => o.path), ...conditionPaths(query.where)]
  for (const path of paths) stamp += ',' + stampOf(table, path, source)
  for (const item of query.select)
    if (item.kind === 'count' && item.path) stamp += ',' + stampOf(table, item.path, source)
  // Date literal ranges are whole days (weeks, months …) on the UTC calendar.
  return `${stamp}@${Math.floor(now / 86_400_000)}`
}

function conditionPaths(condition: ResolvedCondition | null): ResolvedPath[] {
  if (!condition) return []
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.operands.flatMap(conditionPaths)
    case 'not':
      return conditionPaths(condition.operand)
    default:
      return [condition.path]
  }
}

export function runQuery(
  query: ResolvedQuery,
  table: RecordTable,
  source: TableSource,
  options: QueryOptions,
): QueryResult {
  const stamp = resultStamp(query, table, source, options.now)
  let cached = results.get(query)
  if (!cached) results.set(query, (cached = {}))
  const slot = options.includeDeleted ? 'all' : 'live'
  const hit = cached[slot]
  if (hit && hit.stamp === stamp) return hit.result
  const result = evaluate(query, table, source, options)
  cached[slot] = { stamp, result }
  return result
}

function evaluate(
  query: ResolvedQuery,
  table: RecordTable,
  source: TableSource,
  options: QueryOptions,
): QueryResult {
  const rows = table.rows
  const predicate = query.where ? compile(query.where, table, source, options.now) : null
  const visit = scanOrder(query, table, source)
  const offset = query.offset ?? 0
  // Aggregates see every match; LIMIT and OFFSET apply to the rows they produce.
  const wanted = query.aggregate || query.limit === null ? Infinity : offset + query.limit
  const matches: number[] = []
  const count = visit ? visit.length : rows.length
  for (let n = 0; n < count && matches.length < wanted; n++) {
    const i = visit ? visit[n]! : n
    if (!options.includeDeleted && rows[i]!.deleted) continue
    if (predicate && !predicate(i)) continue
    matches.push(i)
  }
  if (query.aggregate) {
    const aggregate: Record<string, number> = {}
    for (const item of query.select) {
      if (item.kind !== 'count') continue
      if (!item.path) aggregate[item.alias] = matches.length
      else {
        const values = column(table, item.path, source)
        aggregate[item.alias] = matches.filter((i) => values[i] !== null).length
      }
    }
    const shown = offset === 0 && query.limit !== 0 ? 1 : 0
    return { records: [], totalSize: shown, aggregate: shown ? aggregate : null }
  }
  const selected = matches.slice(offset)
  if (query.countOnly) return { records: [], totalSize: selected.length, aggregate: null }
  return { records: selected.map((i) => rows[i]!), totalSize: selected.length, aggregate: null }
}
