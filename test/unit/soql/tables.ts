import { ACCOUNT, CONTACT } from '../../../src/core/api/metadata/sales-objects'
import { USER } from '../../../src/core/api/metadata/org-objects'
import { buildSchema, type ObjectDef } from '../../../src/core/api/metadata/types'
import { buildRecord } from '../../../src/core/api/records/record'
import { RecordTable } from '../../../src/core/api/records/table'
import { runQuery, type TableSource } from '../../../src/core/api/soql/evaluate'
import { parseSoql } from '../../../src/core/api/soql/parser'
import { resolveQuery, type SchemaLookup } from '../../../src/core/api/soql/resolve'
import { toId18 } from '../../../src/core/salesforce/ids'
import type { WorkspaceRecord } from '../../../src/core/workspace/types'

/** In-memory tables for evaluator tests, without a database or a server. */

export const NOW = Date.UTC(2025, 5, 18, 15, 30) // Wednesday 18 June 2025, 15:30 UTC

export function id(prefix: string, n: number): string {
  return toId18(prefix + String(n).padStart(12, '0'))
}

export function tableOf(def: ObjectDef, rows: WorkspaceRecord[]): RecordTable {
  const schema = buildSchema(def)
  const records = rows.map((data, i) =>
    buildRecord(schema, String(data.Id ?? id(def.keyPrefix, i + 1)), data, {
      timestamp: '2024-01-01T00:00:00.000+0000',
      userId: id('005', 1),
      sequence: i + 1,
    }),
  )
  return new RecordTable(schema, records, def.name, true)
}

export type Source = TableSource & SchemaLookup

export function sourceOf(...tables: RecordTable[]): Source {
  const byName = new Map(tables.map((t) => [t.schema.name.toLowerCase(), t]))
  return {
    table: (name) => byName.get(name.toLowerCase()),
    object: (name) => byName.get(name.toLowerCase())?.schema,
  }
}

export function run(source: Source, text: string, options: { now?: number; all?: boolean } = {}) {
  const plan = resolveQuery(parseSoql(text), source)
  const table = source.table(plan.object.name)!
  return runQuery(plan, table, source, {
    includeDeleted: options.all ?? false,
    now: options.now ?? NOW,
  })
}

/** Names (or another field) of the matching records, in result order. */
export const names = (result: ReturnType<typeof run>, field = 'Name') =>
  result.records.map((r) => r.fields[field])

export function sampleOrg(): Source {
  const users = tableOf(USER, [
    { Id: id('005', 1), Username: 'ada@x.test', FirstName: 'Ada', LastName: 'Admin' },
    { Id: id('005', 2), Username: 'sam@x.test', FirstName: 'Sam', LastName: 'Sales' },
  ])
  const accounts = tableOf(ACCOUNT, [
    {
      Id: id('001', 1),
      Name: 'Edge',
      Industry: 'Electronics',
      AnnualRevenue: 100,
      NumberOfEmployees: 10,
      OwnerId: id('005', 2),
      CreatedDate: '2025-06-18T08:00:00.000Z',
    },
    {
      Id: id('001', 2),
      Name: 'burlington',
      Industry: 'Apparel',
      AnnualRevenue: 300,
      CreatedDate: '2025-06-17T23:59:59Z',
    },
    {
      Id: id('001', 3),
      Name: 'Pyramid',
      Industry: null,
      AnnualRevenue: 200,
      NumberOfEmployees: 5,
      CreatedDate: '2025-05-01T00:00:00Z',
    },
    {
      Id: id('001', 4),
      Name: 'United 50% Oil',
      Industry: 'Energy',
      CreatedDate: '2024-12-31T12:00:00Z',
    },
    { Id: id('001', 5), Name: 'Gone', Industry: 'Energy', IsDeleted: true },
  ])
  const contacts = tableOf(CONTACT, [
    { FirstName: 'Rose', LastName: 'Gonzalez', AccountId: id('001', 1), Birthdate: '1980-06-18' },
    { FirstName: 'Sean', LastName: 'Forbes', AccountId: id('001', 1) },
    { FirstName: 'Jack', LastName: 'Rogers', AccountId: id('001', 2), Birthdate: '1990-01-01' },
    { LastName: 'Loner' },
  ])
  return sourceOf(users, accounts, contacts)
}
