import type { FastifyRequest } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { apiLimitsFor, type ApiLimits } from '../policy/api-limits'
import type { AccessTokenRow } from '../store/oauth-store'
import { createRecordsStore } from '../store/records-store'
import type { WorkspaceApp, WorkspaceOrg, WorkspaceProfile, WorkspaceUser } from '../workspace'
import { ObjectAccess } from './access/permissions'
import { CursorStore } from './query/cursors'
import { PlanCache } from './query/plans'
import { RecordRepository } from './records/repository'

export interface OrgFacts {
  org: WorkspaceOrg
  activeUsers: number
  profiles: ReadonlyMap<string, WorkspaceProfile>
}

/** What the REST routes share: the records, the limits, query cursors and plans. */
export interface RestServices {
  engine: Gatehouse
  repository: RecordRepository
  limits: ApiLimits
  cursors: CursorStore
  plans: PlanCache
  /** The org, its active-user count and its profiles, read once per loaded workspace. */
  orgFacts(): OrgFacts
  /** What the user may do with objects and fields (their profile and permission sets). */
  access(user: WorkspaceUser): ObjectAccess
}

export function createRestServices(engine: Gatehouse): RestServices {
  const repository = new RecordRepository(
    engine.store.workspace,
    createRecordsStore(engine.store.db),
  )
  let facts: (OrgFacts & { generation: number }) | null = null
  let accessGeneration = -1
  const accessByUser = new Map<string, ObjectAccess>()
  return {
    engine,
    repository,
    limits: apiLimitsFor(engine),
    cursors: new CursorStore(engine.clock),
    plans: new PlanCache(),
    orgFacts() {
      const generation = engine.store.workspace.generation()
      if (!facts || facts.generation !== generation) {
        facts = {
          generation,
          org: engine.org(),
          activeUsers: engine.store.workspace.listUsers().filter((u) => u.active).length,
          profiles: new Map(engine.store.workspace.listProfiles().map((p) => [p.name, p])),
        }
      }
      return facts
    },
    access(user) {
      const generation = engine.store.workspace.generation()
      if (generation !== accessGeneration) {
        accessByUser.clear()
        accessGeneration = generation
      }
      let access = accessByUser.get(user.id)
      if (!access) {
        const { workspace } = engine.store
        const profile = workspace.profile(user.profile)
        const sets = workspace
          .permissionSets()
          .filter((set) => user.permissionSets.includes(set.name))
        // A user's profile always exists (the workspace's references are checked on load).
        access = new ObjectAccess(
          profile ?? { name: user.profile, apiEnabled: true, loginIpRanges: [] },
          sets,
        )
        accessByUser.set(user.id, access)
      }
      return access
    },
  }
}

/** Who a REST request is from: set by the authentication hook. */
export interface RestCaller {
  /** The API version in the path, e.g. "62.0". */
  version: string
  app: WorkspaceApp
  user: WorkspaceUser
  token: AccessTokenRow
}

const callers = new WeakMap<FastifyRequest, RestCaller>()

export function setCaller(request: FastifyRequest, caller: RestCaller): void {
  callers.set(request, caller)
}

export function callerOf(request: FastifyRequest): RestCaller {
  const caller = callers.get(request)
  if (!caller) throw new Error('REST route reached without authentication')
  return caller
}
