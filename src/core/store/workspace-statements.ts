import type { Database, Statement } from 'better-sqlite3'

/** Rows as the workspace tables return them (see migrations/001-workspace.ts). */
export interface DataRow {
  data: string
}
export interface RecordRow {
  sobject: string
  id: string
  data: string
}
export interface SObjectRow {
  name: string
  key_prefix: string
}
export interface CountsRow {
  users: number
  apps: number
  profiles: number
  permissionSets: number
}
export interface SettingRow {
  value: string
}

/** Settings rows that belong to the workspace (reset and load replace them). */
export const WORKSPACE_SETTING_KEYS = ['simulation'] as const

/**
 * Every statement the workspace store runs, prepared once per database. Deletes are listed
 * children first so foreign keys hold at every step of a reset.
 */
export function prepareWorkspaceStatements(db: Database) {
  const prepare = <Row = unknown>(sql: string): Statement<unknown[], Row> =>
    db.prepare<unknown[], Row>(sql)
  return {
    deleteAll: [
      'DELETE FROM records',
      'DELETE FROM sobjects',
      'DELETE FROM users',
      'DELETE FROM apps',
      'DELETE FROM permission_sets',
      'DELETE FROM profiles',
      'DELETE FROM faults',
      'DELETE FROM breakpoints',
      'DELETE FROM org',
    ].map((sql) => prepare(sql)),
    deleteSetting: prepare('DELETE FROM settings WHERE key = ?'),

    insertOrg: prepare(
      'INSERT INTO org (singleton, id, name, edition, data) VALUES (1, @id, @name, @edition, @data)',
    ),
    insertProfile: prepare(
      'INSERT INTO profiles (name, position, data) VALUES (@name, @position, @data)',
    ),
    insertPermissionSet: prepare(
      'INSERT INTO permission_sets (name, position, data) VALUES (@name, @position, @data)',
    ),
    insertUser: prepare(
      `INSERT INTO users (id, position, username, profile, active, data)
       VALUES (@id, @position, @username, @profile, @active, @data)`,
    ),
    insertApp: prepare(
      `INSERT INTO apps (consumer_key, position, name, kind, data)
       VALUES (@consumerKey, @position, @name, @kind, @data)`,
    ),
    insertSObject: prepare(
      'INSERT INTO sobjects (name, position, key_prefix) VALUES (@name, @position, @keyPrefix)',
    ),
    insertRecord: prepare(
      `INSERT INTO records (sobject, id, position, data)
       VALUES (@sobject, @id, @position, @data)`,
    ),
    insertFault: prepare('INSERT INTO faults (position, data) VALUES (@position, @data)'),
    insertBreakpoint: prepare('INSERT INTO breakpoints (position, data) VALUES (@position, @data)'),
    upsertSetting: prepare(
      `INSERT INTO settings (key, value) VALUES (@key, @value)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),

    org: prepare<DataRow>('SELECT data FROM org WHERE singleton = 1'),
    profiles: prepare<DataRow>('SELECT data FROM profiles ORDER BY position'),
    profileByName: prepare<DataRow>('SELECT data FROM profiles WHERE name = ?'),
    permissionSets: prepare<DataRow>('SELECT data FROM permission_sets ORDER BY position'),
    users: prepare<DataRow>('SELECT data FROM users ORDER BY position'),
    userById: prepare<DataRow>('SELECT data FROM users WHERE id = ?'),
    userByUsername: prepare<DataRow>('SELECT data FROM users WHERE username = ?'),
    apps: prepare<DataRow>('SELECT data FROM apps ORDER BY position'),
    appByConsumerKey: prepare<DataRow>('SELECT data FROM apps WHERE consumer_key = ?'),
    sObjects: prepare<SObjectRow>('SELECT name, key_prefix FROM sobjects ORDER BY position'),
    records: prepare<RecordRow>(
      `SELECT records.sobject, records.id, records.data
       FROM records JOIN sobjects ON sobjects.name = records.sobject
       ORDER BY sobjects.position, records.position`,
    ),
    recordsOf: prepare<RecordRow>(
      'SELECT sobject, id, data FROM records WHERE sobject = ? COLLATE NOCASE ORDER BY position',
    ),
    faults: prepare<DataRow>('SELECT data FROM faults ORDER BY position'),
    breakpoints: prepare<DataRow>('SELECT data FROM breakpoints ORDER BY position'),
    setting: prepare<SettingRow>('SELECT value FROM settings WHERE key = ?'),
    counts: prepare<CountsRow>(
      `SELECT (SELECT count(*) FROM users) AS users,
              (SELECT count(*) FROM apps) AS apps,
              (SELECT count(*) FROM profiles) AS profiles,
              (SELECT count(*) FROM permission_sets) AS permissionSets`,
    ),
  }
}

export type WorkspaceStatements = ReturnType<typeof prepareWorkspaceStatements>
