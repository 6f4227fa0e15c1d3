import type { ExchangeTrace } from '../../oauth/exchange-trace'
import { restErrors } from '../errors'
import type { ApiRecord } from '../records/record'
import type { RecordRepository } from '../records/repository'
import type { RecordTable } from '../records/table'
import { toId18 } from '../../salesforce/ids'
import { restStep } from '../steps'

/** Finding the object and the record a URL names, as the steps rest.object and rest.record. */

export function findObject(
  trace: ExchangeTrace,
  repository: RecordRepository,
  type: string,
): RecordTable {
  return restStep(
    trace,
    'rest.object',
    () => {
      const table = repository.table(type)
      if (!table) throw restErrors.notFound()
      return { detail: `sObject ${table.schema.name}`, value: table }
    },
    () => `no sObject named ${type} (standard objects and those the workspace's records name)`,
  )
}

const ID_SHAPE = /^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/

/**
 * The record an id in the URL names. 15- and 18-character ids are both accepted; the
 * 18-character suffix only encodes case, so it is compared without regard to case. Text that
 * is not an id at all is what Salesforce reads as an external id lookup, and answers so.
 */
export function findRecord(
  trace: ExchangeTrace,
  table: RecordTable,
  id: string,
  options: { allowDeleted?: boolean } = {},
): ApiRecord {
  return restStep(
    trace,
    'rest.record',
    () => {
      if (!ID_SHAPE.test(id)) throw restErrors.externalIdNotFound(id)
      const record = table.byKey(id.slice(0, 15))
      const suffixMatches =
        id.length === 15 ||
        id === record?.id ||
        id.slice(15).toUpperCase() === toId18(id.slice(0, 15)).slice(15)
      if (!record || !suffixMatches) throw restErrors.notFound()
      if (record.deleted && !options.allowDeleted) throw restErrors.entityDeleted()
      return { detail: `${table.schema.name} ${record.id}`, value: record }
    },
    (err) => `${table.schema.name} ${id}: ${err.items[0]?.message}`,
  )
}
