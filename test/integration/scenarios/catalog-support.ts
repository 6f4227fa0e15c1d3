import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { importPKCS8, SignJWT } from 'jose'
import jsforce, { type OAuth2 } from 'jsforce'
import * as client from 'openid-client'
import type { Gatehouse } from '../../../src/core'
import { parseDuration } from '../../../src/core/policy/clock'
import {
  loadScenarioFile,
  matches,
  scenarioClock,
  type Expect,
  type LoadedScenario,
  type ScenarioStep,
} from '../../../src/core/scenarios'
import type { RunStep } from '../../../src/shared/runner-api'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'

/**
 * Helpers for observing the catalog's scenarios through real client libraries: an engine
 * started on a scenario's own workspace and clock, the scenario's values read from its file,
 * the browser part played by the flow runner, and what each library reports of an error.
 */

export const CATALOG_DIR = resolve('resources/scenarios')
const DEMO_PRIVATE_KEY = resolve('resources/demo-keys/nightly-etl.key')
export const API_VERSION = '62.0'

/** A scenario loaded from the catalog, running on an engine of its own. */
export interface ScenarioEngine {
  loaded: LoadedScenario
  gh: RunningGatehouse
  engine: Gatehouse
  baseUrl: string
  app(name: string): { name: string; consumerKey: string; consumerSecret: string; callback: string }
  user(username: string): { username: string; password: string }
}

/** Starts an engine on 127.0.0.1 (port 0) with the scenario's workspace (setup applied) and clock. */
export async function startScenario(file: string): Promise<ScenarioEngine> {
  const loaded = loadScenarioFile(resolve(CATALOG_DIR, file))
  const gh = await startGatehouse({ workspace: loaded.workspace, clock: scenarioClock(loaded) })
  const { engine } = gh
  return {
    loaded,
    gh,
    engine,
    baseUrl: gh.baseUrl,
    app(name) {
      const app = engine.store.workspace.listApps().find((a) => a.name === name)
      if (!app) throw new Error(`the scenario's workspace has no app named ${name}`)
      return {
        name: app.name,
        consumerKey: app.consumerKey,
        consumerSecret: app.consumerSecret,
        callback: app.callbackUrls[0] ?? '',
      }
    },
    user(username) {
      const user = engine.store.workspace.findUserByUsername(username)
      if (!user) throw new Error(`the scenario's workspace has no user ${username}`)
      return { username: user.username, password: user.password ?? '' }
    },
  }
}

// ------------------------------------------------------------------------------------
// The scenario's own values, read from its file so that a change there reaches the test

export function stepAt(s: ScenarioEngine, index: number): ScenarioStep {
  const step = s.loaded.scenario.steps[index]
  if (!step) throw new Error(`${s.loaded.file}: no step ${index}`)
  return step
}

/** The one expectation of a step (a step with several is not used by these tests). */
export function expectAt(s: ScenarioEngine, index: number): Expect {
  const step = stepAt(s, index) as { expect?: Expect | Expect[] }
  if (step.expect === undefined || Array.isArray(step.expect)) {
    throw new Error(`${s.loaded.file}: step ${index} has no single expect`)
  }
  return step.expect
}

/** What a flow step of the scenario edits, by runner step. */
function editsAt(s: ScenarioEngine, index: number) {
  const step = stepAt(s, index)
  if (!('flow' in step) || !step.edits) {
    throw new Error(`${s.loaded.file}: step ${index} is not a flow step with edits`)
  }
  return step.edits
}

/** A token parameter the scenario's step edits (`password`, `client_id` …), placeholders resolved. */
export function tokenParam(s: ScenarioEngine, index: number, name: string): string {
  const value = editsAt(s, index).token?.params?.[name]
  if (typeof value !== 'string') {
    throw new Error(`${s.loaded.file}: step ${index} does not edit the token parameter ${name}`)
  }
  return value.replace(
    /\{\{\s*(consumerKey|consumerSecret):([^}]+?)\s*\}\}/g,
    (_all, kind, app) => {
      const found = s.app(app as string)
      return kind === 'consumerKey' ? found.consumerKey : found.consumerSecret
    },
  )
}

/** The JWT claims the scenario's step edits on its token request. */
export function tokenClaims(s: ScenarioEngine, index: number): Record<string, unknown> {
  const claims = editsAt(s, index).token?.claims
  if (!claims) throw new Error(`${s.loaded.file}: step ${index} edits no claims`)
  return claims
}

/** The browser option the scenario's flow step gives (`scope`, `decision` …). */
export function flowOption(s: ScenarioEngine, index: number, name: string): string {
  const step = stepAt(s, index)
  const value = 'flow' in step ? step.options?.[name] : undefined
  if (typeof value !== 'string')
    throw new Error(`${s.loaded.file}: step ${index} has no option ${name}`)
  return value
}

/** How far the scenario moves its clock (its only `clock` step), in ms. */
export function clockStepMs(s: ScenarioEngine): number {
  const steps = s.loaded.scenario.steps.filter((step) => 'clock' in step)
  if (steps.length !== 1) throw new Error(`${s.loaded.file}: expected one clock step`)
  return parseDuration((steps[0] as { clock: string }).clock)!
}

// ------------------------------------------------------------------------------------
// What a client reports, compared with what the file expects

/** The fields of an error as a client library exposes them. */
export interface ClientView {
  status?: number
  error?: string
  error_description?: string
  errorCode?: string
  message?: string
}

const CLIENT_FIELDS = ['status', 'error', 'error_description', 'errorCode', 'message'] as const

export interface FieldCheck {
  field: string
  expected: unknown
  got: unknown
}

/**
 * The expectation's fields the client exposes, each with what the client reported; the
 * mismatches are what a test asserts empty. An expectation that shares no error field with
 * the client's view is itself a mismatch: nothing would be observed.
 */
export function compareWithFile(
  expected: Expect,
  seen: ClientView,
): { compared: string[]; mismatches: FieldCheck[] } {
  const compared = CLIENT_FIELDS.filter((f) => expected[f] !== undefined && f in seen)
  const mismatches: FieldCheck[] = compared
    .filter((f) => !matches(expected[f]!, seen[f]))
    .map((f) => ({ field: f, expected: expected[f], got: seen[f] }))
  if (!compared.some((f) => f === 'error' || f === 'errorCode')) {
    mismatches.push({ field: 'error or errorCode', expected: 'compared', got: seen })
  }
  return { compared, mismatches }
}

/** Awaits a call that must fail and answers what it threw. */
export async function rejection(call: PromiseLike<unknown>): Promise<unknown> {
  let value: unknown
  try {
    value = await call
  } catch (error) {
    return error
  }
  throw new Error(
    `the client reported no error; it answered ${JSON.stringify(value)?.slice(0, 300)}`,
  )
}

/** jsforce's OAuth2 errors: `name` is the OAuth error, `message` its description (no status). */
export function jsforceOAuthView(error: unknown): ClientView {
  if (!(error instanceof Error)) throw error
  return { error: error.name, error_description: error.message }
}

/** jsforce's REST errors (HttpApiError): `errorCode` and `message`. */
export function jsforceRestView(error: unknown): ClientView {
  const e = error as Error & { errorCode?: string }
  if (!(error instanceof Error) || e.errorCode === undefined) throw error
  return { errorCode: e.errorCode, message: e.message }
}

/** openid-client: a token endpoint's error body, or an error redirect to the callback. */
export function openidView(error: unknown): ClientView {
  if (error instanceof client.ResponseBodyError) {
    return {
      status: error.status,
      error: error.error,
      ...(error.error_description !== undefined
        ? { error_description: error.error_description }
        : {}),
    }
  }
  if (error instanceof client.AuthorizationResponseError) {
    return {
      error: error.error,
      ...(error.error_description !== undefined
        ? { error_description: error.error_description }
        : {}),
    }
  }
  throw error
}

// ------------------------------------------------------------------------------------
// Clients configured as an integration would configure them

/** openid-client, discovering the engine; `none` for grants that carry no client secret. */
export function openidConfig(
  s: ScenarioEngine,
  appName: string,
  auth: { secret?: string; none?: boolean } = {},
): Promise<client.Configuration> {
  const app = s.app(appName)
  const secret = auth.secret ?? app.consumerSecret
  return client.discovery(
    new URL(s.baseUrl),
    app.consumerKey,
    undefined,
    auth.none ? client.None() : client.ClientSecretPost(secret),
    { execute: [client.allowInsecureRequests] },
  )
}

export function jsforceOAuth2(
  s: ScenarioEngine,
  appName: string,
  overrides: { clientId?: string; clientSecret?: string; useVerifier?: boolean } = {},
): OAuth2 {
  const app = s.app(appName)
  return new jsforce.OAuth2({
    loginUrl: s.baseUrl,
    clientId: overrides.clientId ?? app.consumerKey,
    clientSecret: overrides.clientSecret ?? app.consumerSecret,
    redirectUri: app.callback,
    useVerifier: overrides.useVerifier ?? false,
  })
}

/** A JWT bearer assertion signed with the demo key pair behind Nightly ETL's certificate. */
export async function signedAssertion(
  s: ScenarioEngine,
  appName: string,
  username: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const key = await importPKCS8(readFileSync(DEMO_PRIVATE_KEY, 'utf8'), 'RS256')
  const now = Math.floor(s.engine.clock.now() / 1000)
  return new SignJWT({
    iss: s.app(appName).consumerKey,
    sub: username,
    aud: s.baseUrl,
    exp: now + 180,
    ...overrides,
  })
    .setProtectedHeader({ alg: 'RS256' })
    .sign(key)
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

// ------------------------------------------------------------------------------------
// The browser part, which no client library plays: the flow runner does it

const AUTHORIZE_PARAMS = [
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'scope',
  'state',
  'prompt',
]

/**
 * Plays a web-server run's browser steps (authorize, login, continue, consent) as `user`,
 * sending the client's own authorization request, and answers the URL the browser was sent
 * back to — a code, or an error redirect. It stops before the runner's own token request: the
 * client makes that one.
 */
export async function browserPart(
  s: ScenarioEngine,
  appName: string,
  username: string,
  authorizationUrl: URL,
  options: { decision?: 'approve' | 'deny' } = {},
): Promise<URL> {
  const { runner } = s.engine
  const created = await runner.create({
    flow: 'web-server',
    app: appName,
    user: username,
    options: { ...options },
  })
  const params = Object.fromEntries(authorizationUrl.searchParams)
  let run = runner.get(created.id)
  let last: RunStep | undefined
  while (run.next !== null && run.steps[run.next]!.name !== 'token') {
    const step = run.steps[run.next]!
    const edits =
      step.name === 'authorize'
        ? { params, removeParams: AUTHORIZE_PARAMS.filter((name) => !(name in params)) }
        : {}
    last = await runner.send(run.id, run.next, edits)
    run = runner.get(run.id)
    if (last.outcome === 'failed') break
  }
  const location = last?.response?.location
  if (!location) {
    throw new Error(
      `the browser was not sent back to the app: step ${last?.name} answered ${last?.response?.status} ${last?.response?.body.slice(0, 200)}`,
    )
  }
  return new URL(location)
}

/** The runner sends a device flow's first step (Salesforce's response_type=device_code) and hands on the device code. */
export async function deviceCode(
  s: ScenarioEngine,
  appName: string,
  username: string,
): Promise<string> {
  const { runner } = s.engine
  const run = await runner.create({ flow: 'device', app: appName, user: username })
  const sent = await runner.send(run.id, 0)
  const code = sent.handsOn?.device_code
  if (sent.name !== 'device-code' || !code) {
    throw new Error(
      `no device code: ${sent.name} answered ${sent.response?.status} ${sent.response?.body}`,
    )
  }
  return code
}
