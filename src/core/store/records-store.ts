import type { Database, Statement } from 'better-sqlite3'

/**
 * Writes of the REST API to the workspace's `records` and `sobjects` tables (migration 001).
 * A record's `data` column holds what the workspace file shows for it, so records the API
 * creates or changes are exported with the workspace and survive restarts. Reads go through
 * the workspace store (listSObjects / listRecords).
 */
export interface RecordsStore {
  /**
   * Adds a record, registering its sObject first if the workspace has none of its records
   * yet. Returns the sObject name as stored (an existing registration keeps its spelling).
   */
  insert(input: { sobject: string; keyPrefix: string; id: string; data: string }): string
  /** Replaces a record's data; false when there is no such record. */
  update(input: { sobject: string; id: string; data: string }): boolean
}

interface NameRow {
  name: string
}

export function createRecordsStore(db: Database): RecordsStore {
  const registerSObject: Statement = db.prepare(
    `INSERT INTO sobjects (name, position, key_prefix)
     VALUES (@name, (SELECT coalesce(max(position), -1) + 1 FROM sobjects), @keyPrefix)
     ON CONFLICT (name) DO NOTHING`,
  )
  const storedName: Statement<[string], NameRow> = db.prepare(
    'SELECT name FROM sobjects WHERE name = ? COLLATE NOCASE',
  )
  const insertRecord: Statement = db.prepare(
    `INSERT INTO records (sobject, id, position, data)
     VALUES (@sobject, @id,
             (SELECT coalesce(max(position), -1) + 1 FROM records WHERE sobject = @sobject),
             @data)`,
  )
  const updateRecord: Statement = db.prepare(
    'UPDATE records SET data = @data WHERE sobject = @sobject AND id = @id',
  )

  const insert = db.transaction(
    (input: { sobject: string; keyPrefix: string; id: string; data: string }): string => {
      registerSObject.run({ name: input.sobject, keyPrefix: input.keyPrefix })
      const sobject = storedName.get(input.sobject)!.name
      insertRecord.run({ sobject, id: input.id, data: input.data })
      return sobject
    },
  )

  return {
    insert: (input) => insert.immediate(input),
    update: (input) => updateRecord.run(input).changes > 0,
  }
}
