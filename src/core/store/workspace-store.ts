import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { keyPrefixFor, newSalesforceId, toId18IfShort, type RandomBytes } from '../salesforce/ids'
import type {
  Workspace,
  WorkspaceApp,
  WorkspaceBreakpoint,
  WorkspaceFault,
  WorkspaceOrg,
  WorkspacePermissionSet,
  WorkspaceProfile,
  WorkspaceRecord,
  WorkspaceRecords,
  WorkspaceSimulation,
  WorkspaceUser,
} from '../workspace/types'
import {
  prepareWorkspaceStatements,
  WORKSPACE_SETTING_KEYS,
  type DataRow,
  type RecordRow,
} from './workspace-statements'

/** A record as the API sees it: its 18-character id and the fields the workspace gave. */
export interface StoredRecord {
  sobject: string
  id: string
  fields: WorkspaceRecord
}

export interface StoredSObject {
  name: string
  keyPrefix: string
}

export interface WorkspaceCounts {
  users: number
  apps: number
  profiles: number
  permissionSets: number
}

export interface WorkspaceStore {
  /** True until a workspace has been loaded (or after reset). */
  isEmpty(): boolean
  /**
   * Replaces the whole workspace in one transaction: if anything throws, the previous
   * workspace is left exactly as it was. Expects a workspace from parseWorkspace.
   */
  load(ws: Workspace): void
  /** The stored workspace, equal to what was loaded. Throws when the store is empty. */
  export(): Workspace
  /** Empties the workspace tables (the OAuth and trace tables are not touched). */
  reset(): void
  /** Another connection loaded a workspace (a workspace file's own thread): cached reads are dropped. */
  loadedElsewhere(): void
  org(): WorkspaceOrg | undefined
  /** Usernames are matched without regard to case, as Salesforce's login does. */
  findUserByUsername(username: string): WorkspaceUser | undefined
  findUserById(id: string): WorkspaceUser | undefined
  listUsers(): WorkspaceUser[]
  findAppByConsumerKey(consumerKey: string): WorkspaceApp | undefined
  listApps(): WorkspaceApp[]
  profile(name: string): WorkspaceProfile | undefined
  listProfiles(): WorkspaceProfile[]
  permissionSets(): WorkspacePermissionSet[]
  counts(): WorkspaceCounts
  simulation(): WorkspaceSimulation
  setSimulation(simulation: WorkspaceSimulation): void
  listSObjects(): StoredSObject[]
  /** Records of one sObject (name matched without regard to case), in workspace order. */
  listRecords(sobject: string): StoredRecord[]
  listFaults(): WorkspaceFault[]
  listBreakpoints(): WorkspaceBreakpoint[]
  /**
   * Goes up each time a workspace is loaded or reset, so caches built from the workspace
   * (the REST API's records and object models) know when to rebuild.
   */
  generation(): number
}

const DEFAULT_SIMULATION: WorkspaceSimulation = { clientIp: null, clockOffsetSeconds: 0 }

export function createWorkspaceStore(db: Database): WorkspaceStore {
  const sql = prepareWorkspaceStatements(db)

  const deleteAll = () => {
    for (const statement of sql.deleteAll) statement.run()
    for (const key of WORKSPACE_SETTING_KEYS) sql.deleteSetting.run(key)
  }

  const insertAll = (ws: Workspace) => {
    const { org } = ws
    sql.insertOrg.run({ id: org.id, name: org.name, edition: org.edition, data: json(org) })
    ws.profiles.forEach((profile, position) => {
      sql.insertProfile.run({ name: profile.name, position, data: json(profile) })
    })
    ws.permissionSets.forEach((set, position) => {
      sql.insertPermissionSet.run({ name: set.name, position, data: json(set) })
    })
    ws.users.forEach((user, position) => {
      sql.insertUser.run({
        id: user.id,
        position,
        username: user.username,
        profile: user.profile,
        active: user.active ? 1 : 0,
        data: json(user),
      })
    })
    ws.apps.forEach((app, position) => {
      sql.insertApp.run({
        consumerKey: app.consumerKey,
        position,
        name: app.name,
        kind: app.kind,
        data: json(app),
      })
    })
    insertRecords(ws.records, org.id)
    ws.faults.forEach((fault, position) => sql.insertFault.run({ position, data: json(fault) }))
    ws.breakpoints.forEach((rule, position) =>
      sql.insertBreakpoint.run({ position, data: json(rule) }),
    )
    sql.upsertSetting.run({ key: 'simulation', value: json(ws.simulation) })
  }

  // Workspace records need not carry ids; the API needs them, so missing ones are generated
  // here. The stored data stays exactly what the workspace gave, so export leaves them out.
  // Generated ids derive from the org, the object and the record's place, so loading the
  // same file again (each `serve --workspace`, each admin edit) gives the same ids.
  const insertRecords = (records: WorkspaceRecords, orgId: string) => {
    Object.entries(records).forEach(([sobject, rows], sObjectPosition) => {
      const keyPrefix = keyPrefixFor(sobject)
      sql.insertSObject.run({ name: sobject, position: sObjectPosition, keyPrefix })
      rows.forEach((row, position) => {
        const id =
          typeof row.Id === 'string'
            ? toId18IfShort(row.Id)
            : newSalesforceId(keyPrefix, seededBytes(`${orgId}/${sobject}/${position}`))
        sql.insertRecord.run({ sobject, id, position, data: json(row) })
      })
    })
  }

  const load = db.transaction((ws: Workspace) => {
    deleteAll()
    insertAll(ws)
  })
  const reset = db.transaction(deleteAll)
  let generation = 0

  // Every OAuth and REST request looks up its app, user, profile and org: parsing their JSON
  // each time was a measurable share of a request. Lookups are cached per generation (any
  // load or reset starts a new one) and frozen, so a caller cannot change the cached copy.
  let cacheGeneration = -1
  const cache = new Map<string, unknown>()
  const cached = <T>(kind: string, key: string, read: () => T | undefined): T | undefined => {
    if (cacheGeneration !== generation) {
      cache.clear()
      cacheGeneration = generation
    }
    const slot = `${kind}\u0000${key}`
    if (cache.has(slot)) return cache.get(slot) as T | undefined
    const value = read()
    if (cache.size > 10_000) cache.clear()
    cache.set(slot, value === undefined ? undefined : deepFreeze(value))
    return value
  }

  const org = () => parseRow<WorkspaceOrg>(sql.org.get())
  const listRecords = (sobject: string) => sql.recordsOf.all(sobject).map(toStoredRecord)
  // Read on every request (the client IP step): parsed once, until it is set or reloaded.
  let simulationCache: WorkspaceSimulation | null = null
  let simulationGeneration = -1
  const simulation = (): WorkspaceSimulation => {
    if (simulationCache && simulationGeneration === generation) return simulationCache
    const row = sql.setting.get('simulation')
    simulationCache = deepFreeze(
      row ? (JSON.parse(row.value) as WorkspaceSimulation) : { ...DEFAULT_SIMULATION },
    )
    simulationGeneration = generation
    return simulationCache
  }

  const exportWorkspace = db.transaction((): Workspace => {
    const orgData = org()
    if (!orgData) throw new Error('The store holds no workspace yet: load one first.')
    const records: WorkspaceRecords = {}
    for (const sobject of sql.sObjects.all()) records[sobject.name] = []
    for (const row of sql.records.all()) records[row.sobject]!.push(JSON.parse(row.data))
    return {
      gatehouse: 1,
      org: orgData,
      profiles: parseRows<WorkspaceProfile>(sql.profiles.all()),
      permissionSets: parseRows<WorkspacePermissionSet>(sql.permissionSets.all()),
      users: parseRows<WorkspaceUser>(sql.users.all()),
      apps: parseRows<WorkspaceApp>(sql.apps.all()),
      records,
      faults: parseRows<WorkspaceFault>(sql.faults.all()),
      breakpoints: parseRows<WorkspaceBreakpoint>(sql.breakpoints.all()),
      simulation: simulation(),
    }
  })

  return {
    isEmpty: () => sql.org.get() === undefined,
    load: (ws) => {
      load.immediate(ws)
      generation++
    },
    export: () => exportWorkspace(),
    reset: () => {
      reset.immediate()
      generation++
    },
    loadedElsewhere: () => {
      generation++
    },
    org: () => cached('org', '', org),
    findUserByUsername: (username) =>
      cached('userByName', username.toLowerCase(), () =>
        parseRow<WorkspaceUser>(sql.userByUsername.get(username)),
      ),
    findUserById: (id) =>
      cached('userById', id, () => parseRow<WorkspaceUser>(sql.userById.get(id))),
    listUsers: () => parseRows<WorkspaceUser>(sql.users.all()),
    findAppByConsumerKey: (key) =>
      cached('appByKey', key, () => parseRow<WorkspaceApp>(sql.appByConsumerKey.get(key))),
    listApps: () => parseRows<WorkspaceApp>(sql.apps.all()),
    profile: (name) =>
      cached('profile', name, () => parseRow<WorkspaceProfile>(sql.profileByName.get(name))),
    listProfiles: () => parseRows<WorkspaceProfile>(sql.profiles.all()),
    permissionSets: () => parseRows<WorkspacePermissionSet>(sql.permissionSets.all()),
    counts: () => sql.counts.get()!,
    simulation,
    setSimulation: (value) => {
      sql.upsertSetting.run({ key: 'simulation', value: json(value) })
      simulationCache = null
    },
    listSObjects: () =>
      sql.sObjects.all().map((row) => ({ name: row.name, keyPrefix: row.key_prefix })),
    listRecords,
    listFaults: () => parseRows<WorkspaceFault>(sql.faults.all()),
    listBreakpoints: () => parseRows<WorkspaceBreakpoint>(sql.breakpoints.all()),
    generation: () => generation,
  }
}

const json = (value: unknown) => JSON.stringify(value)

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** Deterministic "random" bytes: SHA-256 of the seed and a counter, as many as asked for. */
function seededBytes(seed: string): RandomBytes {
  let counter = 0
  return (size) => {
    const out = new Uint8Array(size)
    for (let filled = 0; filled < size; counter++) {
      const block = createHash('sha256').update(`${seed}#${counter}`).digest()
      const take = Math.min(block.length, size - filled)
      out.set(block.subarray(0, take), filled)
      filled += take
    }
    return out
  }
}

// The data columns hold objects this store wrote from validated workspaces.
function parseRow<T>(row: DataRow | undefined): T | undefined {
  return row === undefined ? undefined : (JSON.parse(row.data) as T)
}

function parseRows<T>(rows: DataRow[]): T[] {
  return rows.map((row) => JSON.parse(row.data) as T)
}

function toStoredRecord(row: RecordRow): StoredRecord {
  return { sobject: row.sobject, id: row.id, fields: JSON.parse(row.data) as WorkspaceRecord }
}
