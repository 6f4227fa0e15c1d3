import { Connection } from 'jsforce'
import type { Gatehouse } from '../../../src/core'
import type { WorkspaceInput } from '../../../src/core/workspace'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, testWorkspace, USERS } from '../../support/workspace'

export const API_VERSION = '62.0'
export const V = `/services/data/v${API_VERSION}`

/** An access token straight from the engine's issuer, so these tests do not need the token endpoint. */
export async function accessToken(
  engine: Gatehouse,
  options: { app?: string; username?: string; scopes?: string[] } = {},
): Promise<string> {
  const app = engine.store.workspace.findAppByConsumerKey(options.app ?? C1.key)
  const user = engine.store.workspace.findUserByUsername(options.username ?? USERS.ada)
  if (!app || !user) throw new Error('unknown test app or user')
  const issued = await engine.oauth.issuer.issue({
    app,
    user,
    scopes: options.scopes ?? ['api', 'refresh_token', 'openid', 'id'],
    refreshToken: false,
    signature: true,
    issuedAt: true,
    idToken: false,
    flow: 'password',
  })
  if ('rotationLost' in issued) throw new Error('unexpected rotation result')
  return issued.accessToken
}

export function connection(gh: RunningGatehouse, token: string): Connection {
  return new Connection({ instanceUrl: gh.baseUrl, accessToken: token, version: API_VERSION })
}

/** The test workspace with some records; `extra` may add or replace sObjects. */
export function workspaceWithRecords(extra: Record<string, unknown[]> = {}): WorkspaceInput {
  const ws = testWorkspace()
  ws.records = {
    Account: [
      {
        Id: '001000000000001AAA',
        Name: 'Edge Communications',
        Industry: 'Electronics',
        AnnualRevenue: 139000000,
        NumberOfEmployees: 1000,
      },
      {
        Id: '001000000000002AAA',
        Name: 'Burlington Textiles',
        Industry: 'Apparel',
        AnnualRevenue: 350000000,
        NumberOfEmployees: 9000,
      },
      {
        Id: '001000000000003AAA',
        Name: 'Pyramid Construction',
        Industry: 'Construction',
        AnnualRevenue: 950000000,
      },
      { Name: 'United Oil & Gas', Industry: 'Energy', Rating: 'Hot' },
    ],
    Contact: [
      {
        FirstName: 'Rose',
        LastName: 'Gonzalez',
        Email: 'rose@edge.test',
        AccountId: '001000000000001AAA',
      },
      {
        FirstName: 'Sean',
        LastName: 'Forbes',
        Email: 'sean@edge.test',
        AccountId: '001000000000001AAA',
      },
      { FirstName: 'Jack', LastName: 'Rogers', AccountId: '001000000000002AAA' },
      { LastName: 'Loner' },
    ],
    ...(extra as WorkspaceInput['records']),
  } as WorkspaceInput['records']
  return ws
}

export async function startWithRecords(extra: Record<string, unknown[]> = {}) {
  const gh = await startGatehouse({ workspace: workspaceWithRecords(extra) })
  const token = await accessToken(gh.engine)
  return { gh, token, conn: connection(gh, token) }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** The id of a record jsforce created (its SaveResult types the id as optional). */
export async function createdId(
  result: Promise<{ id?: string; success: boolean }>,
): Promise<string> {
  const saved = await result
  if (!saved.success || !saved.id) throw new Error(`create failed: ${JSON.stringify(saved)}`)
  return saved.id
}
