import type { RecordValue } from '../../workspace/types'
import type { ApiRecord } from '../records/record'
import type { TableSource } from '../soql/evaluate'
import type { ResolvedPath, ResolvedQuery } from '../soql/resolve'

/**
 * Query result records as Salesforce writes them: `attributes` first, then the selected
 * fields in SELECT order under their API names, and each parent relationship as a nested
 * record (or null when the lookup is empty).
 */

export interface Attributes {
  type: string
  url?: string
}

export type OutputRecord = { attributes: Attributes } & { [field: string]: unknown }

export const recordUrl = (version: string, object: string, id: string): string =>
  `/services/data/v${version}/sobjects/${object}/${id}`

export function attributesOf(version: string, object: string, id: string): Attributes {
  return { type: object, url: recordUrl(version, object, id) }
}

export function formatRecords(
  query: ResolvedQuery,
  records: readonly ApiRecord[],
  source: TableSource,
  version: string,
): OutputRecord[] {
  const objectName = query.object.name
  return records.map((record) => {
    const out: OutputRecord = { attributes: attributesOf(version, objectName, record.id) }
    for (const item of query.select) {
      if (item.kind !== 'field') continue
      const path = item.path
      if (path.hops.length === 0) {
        out[path.field.name] = record.fields[path.field.name] ?? null
        continue
      }
      placeNested(out, record, path, source, version)
    }
    return out
  })
}

/** Writes one `Parent.Field` value into the nested parent records, creating them on the way. */
function placeNested(
  out: OutputRecord,
  record: ApiRecord,
  path: ResolvedPath,
  source: TableSource,
  version: string,
): void {
  let container: Record<string, unknown> = out
  let current: ApiRecord | undefined = record
  for (const hop of path.hops) {
    const name = hop.field.relationshipName!
    if (container[name] === null) return
    const id: RecordValue | undefined = current?.fields[hop.field.name]
    current =
      typeof id === 'string' ? source.table(hop.target.name)?.byKey(id.slice(0, 15)) : undefined
    if (!current) {
      if (!(name in container)) container[name] = null
      return
    }
    if (!(name in container)) {
      container[name] = { attributes: attributesOf(version, hop.target.name, current.id) }
    }
    container = container[name] as Record<string, unknown>
  }
  container[path.field.name] = current.fields[path.field.name] ?? null
}

/** `SELECT COUNT(Id) cnt FROM …`: one AggregateResult row. */
export function formatAggregate(values: Record<string, number>): OutputRecord {
  return { attributes: { type: 'AggregateResult' }, ...values }
}
