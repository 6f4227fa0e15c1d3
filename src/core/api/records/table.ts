import type { ObjectSchema } from '../metadata/types'
import type { ApiRecord } from './record'

/** Versions are unique across tables, so a cache stamp made of several never collides. */
let lastVersion = 0
const nextVersion = () => ++lastVersion

/**
 * One object's records in memory, parsed once and kept in workspace order, with a lookup by
 * id and a cache for what queries derive from them (comparable columns, sort orders). Every
 * write bumps `version`, which invalidates derived data keyed with it.
 */
export class RecordTable {
  private list: ApiRecord[]
  private readonly index = new Map<string, number>()
  private readonly derived = new Map<string, { stamp: string; value: unknown }>()
  private currentVersion = nextVersion()

  constructor(
    readonly schema: ObjectSchema,
    records: ApiRecord[],
    /** The name the store registered the object under; null until it holds any record. */
    public storedName: string | null,
    /** False for objects the workspace defines (User, Profile, Organization). */
    readonly writable: boolean,
  ) {
    this.list = records
    records.forEach((record, i) => this.index.set(record.key, i))
  }

  get version(): number {
    return this.currentVersion
  }

  get rows(): readonly ApiRecord[] {
    return this.list
  }

  /** The record with this 15-character key. */
  byKey(key: string): ApiRecord | undefined {
    const i = this.index.get(key)
    return i === undefined ? undefined : this.list[i]
  }

  /** Adds a record, or replaces the one with the same id. */
  put(record: ApiRecord): void {
    const i = this.index.get(record.key)
    if (i === undefined) {
      this.index.set(record.key, this.list.length)
      this.list.push(record)
    } else {
      this.list[i] = record
    }
    this.currentVersion = nextVersion()
  }

  /** Something derived from this table (and others, named in `stamp`), built at most once per stamp. */
  derive<T>(key: string, stamp: string, build: () => T): T {
    const hit = this.derived.get(key)
    if (hit && hit.stamp === stamp) return hit.value as T
    const value = build()
    this.derived.set(key, { stamp, value })
    return value
  }
}
