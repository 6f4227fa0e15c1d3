import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import type { ExchangeTrace } from '../../../src/core/oauth/exchange-trace'
import { buildServer } from '../../../src/core/server'
import type { WorkspaceInput } from '../../../src/core/workspace'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, testWorkspace, USERS } from '../../support/workspace'

export const TOKEN = '/services/oauth2/token'
export const API = '/services/data/v62.0'
export const ADMIN = '/_gatehouse/api'

/** A user whose profile may log in from the office network only. */
export const RITA = 'rita@acme.test'
export const OFFICE = { start: '192.168.10.0', end: '192.168.10.255' }
export const OFFICE_IP = '192.168.10.20'
export const HOME_IP = '203.0.113.9'

/**
 * The shared test workspace plus a "Restricted Staff" profile (office range only) and its
 * user Rita, who is pre-authorized nowhere and self-authorizes like everyone else.
 */
export function policyWorkspace(): WorkspaceInput & {
  profiles: NonNullable<WorkspaceInput['profiles']>
  users: NonNullable<WorkspaceInput['users']>
  apps: NonNullable<WorkspaceInput['apps']>
} {
  const ws = testWorkspace()
  ws.profiles!.push({ name: 'Restricted Staff', apiEnabled: true, loginIpRanges: [OFFICE] })
  ws.users!.push({
    username: RITA,
    password: PASSWORD,
    firstName: 'Rita',
    lastName: 'Remote',
    email: RITA,
    profile: 'Restricted Staff',
  })
  return ws as ReturnType<typeof policyWorkspace>
}

/** The app entry named `name` in a workspace under construction. */
export function appIn(ws: ReturnType<typeof policyWorkspace>, name: string) {
  const app = ws.apps.find((a) => a.name === name)
  if (!app) throw new Error(`no app ${name}`)
  app.policies ??= {}
  return app as typeof app & { policies: NonNullable<typeof app.policies> }
}

/** A client's credentials. */
export interface ClientCredentials {
  key: string
  secret: string
}

export function passwordGrant(
  gh: RunningGatehouse,
  username: string,
  headers: Record<string, string> = {},
  app: ClientCredentials = C1,
): Promise<Response> {
  return gh.fetch(TOKEN, {
    method: 'POST',
    body: form({
      grant_type: 'password',
      client_id: app.key,
      client_secret: app.secret,
      username,
      password: PASSWORD,
    }),
    headers,
  })
}

export function refreshGrant(
  gh: RunningGatehouse,
  refreshToken: string,
  app: ClientCredentials = C1,
): Promise<Response> {
  return gh.fetch(TOKEN, {
    method: 'POST',
    body: form({
      grant_type: 'refresh_token',
      client_id: app.key,
      client_secret: app.secret,
      refresh_token: refreshToken,
    }),
  })
}

export async function expectOAuthError(
  res: Response,
  status: number,
  error: string,
  description: string,
): Promise<void> {
  expect({ status: res.status, body: await res.json() }).toEqual({
    status,
    body: { error, error_description: description },
  })
}

/** Steps of a request's trace, as `name:outcome`. */
export function stepsOf(trace: ExchangeTrace | undefined): string[] {
  return trace ? trace.log.steps.map((s) => `${s.name}:${s.outcome}`) : []
}

/** The detail of one step of a trace. */
export function detailOf(trace: ExchangeTrace | undefined, name: string): string | undefined {
  return trace?.log.steps.find((s) => s.name === name)?.detail
}

export interface TracedServer {
  app: FastifyInstance
  /** The trace of the last request answered. */
  last(): ExchangeTrace | undefined
  close(): Promise<void>
}

/**
 * A second server over the same engine, driven by inject(), so a test can read each
 * request's trace (request.gatehouse) after the response. Its socket address is 127.0.0.1.
 */
export async function tracedServer(gh: RunningGatehouse): Promise<TracedServer> {
  const server = await buildServer(gh.engine, {
    host: '127.0.0.1',
    logger: false,
    uiDir: null,
    allowedHosts: [],
  })
  server.setPort(80)
  let last: ExchangeTrace | undefined
  server.app.addHook('onResponse', async (request) => {
    last = request.gatehouse
  })
  await server.app.ready()
  return { app: server.app, last: () => last, close: () => server.app.close() }
}

/** A urlencoded body for inject(). */
export function injectForm(fields: Record<string, string>) {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }
}

/** Calls the admin API with the engine's token. */
export function admin(
  gh: RunningGatehouse,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return gh.fetch(ADMIN + path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${gh.engine.adminToken}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
}

export { C1, USERS }
