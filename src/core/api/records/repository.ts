import { keyPrefixFor, newSalesforceId, toId18IfShort } from '../../salesforce/ids'
import type { RecordsStore } from '../../store/records-store'
import type { WorkspaceStore } from '../../store'
import type { WorkspaceRecord } from '../../workspace/types'
import { objectDefFor, STANDARD_OBJECTS, WORKSPACE_OBJECTS } from '../metadata/standard'
import { buildSchema, type ObjectSchema } from '../metadata/types'
import { buildRecord, type ApiRecord, type RecordDefaults } from './record'
import { RecordTable } from './table'
import { formatDateTime } from './values'
import { organizationData, profileData, userData } from './workspace-objects'

/**
 * The org's records for the REST API: each object's table is read from the store once and
 * then served from memory; writes go to SQLite first (so they are exported with the
 * workspace and survive restarts) and then to the table. Loading a workspace starts over.
 */

/** Workspace records carry no audit times; this stands in for when they were "created". */
const WORKSPACE_RECORD_TIME = formatDateTime(Date.UTC(2024, 0, 1))

export class RecordRepository {
  private generation = -1
  private readonly tables = new Map<string, RecordTable | null>()
  private stored = new Map<string, { name: string; keyPrefix: string }>()
  private prefixes = new Map<string, string>()

  constructor(
    private readonly workspace: WorkspaceStore,
    private readonly store: RecordsStore,
  ) {}

  /** Drops everything read from a workspace that has since been replaced. */
  private sync(): void {
    const generation = this.workspace.generation()
    if (generation === this.generation) return
    this.generation = generation
    this.tables.clear()
    this.firstUserId = this.workspace.listUsers()[0]?.id ?? null
    this.stored = new Map(
      this.workspace
        .listSObjects()
        .map((s) => [s.name.toLowerCase(), { name: s.name, keyPrefix: s.keyPrefix }]),
    )
    this.prefixes = new Map()
    for (const def of STANDARD_OBJECTS.values()) this.prefixes.set(def.keyPrefix, def.name)
    for (const s of this.stored.values()) {
      if (!this.prefixes.has(s.keyPrefix)) this.prefixes.set(s.keyPrefix, s.name)
    }
  }

  /** Every object's name: the standard ones, then those only the workspace's records name. */
  objectNames(): string[] {
    this.sync()
    const names = [...STANDARD_OBJECTS.values()].map((def) => def.name)
    for (const [lower, s] of this.stored) {
      if (!STANDARD_OBJECTS.has(lower)) names.push(s.name)
    }
    return names
  }

  /** The object whose ids start with `keyPrefix`. */
  objectForPrefix(keyPrefix: string): string | undefined {
    this.sync()
    return this.prefixes.get(keyPrefix)
  }

  /** The table of an object (name matched without regard to case); undefined if none exists. */
  table(name: string): RecordTable | undefined {
    this.sync()
    const lower = name.toLowerCase()
    let table = this.tables.get(lower)
    if (table === undefined) {
      table = this.load(lower)
      this.tables.set(lower, table)
    }
    return table ?? undefined
  }

  schemas(): ObjectSchema[] {
    return this.objectNames().map((name) => this.table(name)!.schema)
  }

  private firstUserId: string | null = null

  private defaults(sequence: number): RecordDefaults {
    return { timestamp: WORKSPACE_RECORD_TIME, userId: this.firstUserId, sequence }
  }

  private load(lower: string): RecordTable | null {
    if (WORKSPACE_OBJECTS.has(lower)) return this.loadWorkspaceObject(lower)
    const stored = this.stored.get(lower)
    const standard = STANDARD_OBJECTS.get(lower)
    if (!stored && !standard) return null
    const name = stored?.name ?? standard!.name
    const keyPrefix = standard?.keyPrefix ?? stored?.keyPrefix ?? keyPrefixFor(name)
    const rows = stored ? this.workspace.listRecords(stored.name) : []
    const resolve = (prefix: string) => this.prefixes.get(prefix)
    const def = objectDefFor(
      standard?.name ?? name,
      keyPrefix,
      rows.map((r) => r.fields),
      resolve,
    )
    const schema = buildSchema(def)
    const records = rows.map((row, i) =>
      buildRecord(schema, toId18IfShort(row.id), row.fields, this.defaults(i + 1)),
    )
    return new RecordTable(schema, records, stored?.name ?? null, true)
  }

  private loadWorkspaceObject(lower: string): RecordTable {
    const def = STANDARD_OBJECTS.get(lower)!
    const schema = buildSchema(def)
    const org = this.workspace.org()
    let data: WorkspaceRecord[] = []
    if (org && lower === 'user') data = this.workspace.listUsers().map((u) => userData(u, org))
    if (lower === 'profile') data = this.workspace.listProfiles().map(profileData)
    if (org && lower === 'organization') data = [organizationData(org)]
    const records = data.map((d, i) => buildRecord(schema, String(d.Id), d, this.defaults(i + 1)))
    return new RecordTable(schema, records, null, false)
  }

  /** Stores a new record (its data complete: id and system fields included) and returns it. */
  insert(table: RecordTable, data: WorkspaceRecord): ApiRecord {
    const id = String(data.Id)
    table.storedName = this.store.insert({
      sobject: table.storedName ?? table.schema.name,
      keyPrefix: table.schema.keyPrefix,
      id,
      data: JSON.stringify(data),
    })
    this.stored.set(table.schema.name.toLowerCase(), {
      name: table.storedName,
      keyPrefix: table.schema.keyPrefix,
    })
    const record = buildRecord(table.schema, id, data, this.defaults(table.rows.length + 1))
    table.put(record)
    return record
  }

  /** Replaces a record's stored data and returns the new record. */
  replace(table: RecordTable, previous: ApiRecord, data: WorkspaceRecord): ApiRecord {
    if (!table.storedName) throw new Error(`${table.schema.name} has no stored records`)
    const updated = this.store.update({
      sobject: table.storedName,
      id: previous.id,
      data: JSON.stringify(data),
    })
    if (!updated) throw new Error(`record ${previous.id} vanished from the store`)
    const sequence = table.rows.indexOf(previous) + 1
    const record = buildRecord(table.schema, previous.id, data, this.defaults(sequence))
    table.put(record)
    return record
  }

  newId(table: RecordTable): string {
    return newSalesforceId(table.schema.keyPrefix)
  }
}
