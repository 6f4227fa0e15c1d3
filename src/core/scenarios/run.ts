import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Run, RunStep, RunStepEdits } from '../../shared/runner-api'
import { keySource } from '../admin/jwt-key-source'
import { createGatehouse, type Gatehouse } from '../gatehouse'
import { parseDuration, VirtualClock } from '../policy/clock'
import { handsOn } from '../runner/hands-on'
import { decodeExchangeJwts } from '../trace/jwt'
import { exchangeDetail } from '../trace/views'
import { GATEHOUSE_VERSION } from '../version'
import {
  checkExpect,
  observationOf,
  whyLines,
  type ExpectationResult,
  type Observation,
} from './expect'
import type { LoadedScenario } from './parse'
import type { Expect, ScenarioStep, StepKind } from './schema'

/**
 * The scenario runner: one scenario on an engine of its own — a fresh temporary data folder,
 * an in-process Gatehouse listening on 127.0.0.1 (port 0), the scenario's workspace and clock
 * — its steps played in order through the flow runner (or as raw requests), each answer
 * checked against its expectations. Nothing is shared between scenarios; the folder is
 * removed afterwards.
 */

export interface StepResult {
  /** Position in the file's `steps`. */
  index: number
  kind: StepKind
  /** For reports: `web-server · Order Sync`, `clock +2h`, `GET /services/data/v62.0/limits` … */
  label: string
  /** The runner step the expectations were checked on (token, authorize …). */
  checked?: string
  expectations: ExpectationResult[]
  /** The Why of the checked exchange (one line per named step). */
  why?: string[]
  failedStep?: string
  exchangeId?: number
  /** The runner run the step played in (flow, continue, rerun). */
  runId?: number
  /** The step could not be played (an unknown app, a flow the app does not allow …). */
  error?: string
}

export type ScenarioStatus = 'passed' | 'failed' | 'error' | 'skipped'

export interface ScenarioResult {
  file: string | null
  name: string
  status: ScenarioStatus
  durationMs: number
  /** Of the engine's start (createGatehouse + listen), for the benchmark figure. */
  startMs?: number
  steps: StepResult[]
  /** Why the scenario could not run at all. */
  error?: string
}

class StepError extends Error {}

interface State {
  engine: Gatehouse
  lastRun: number | null
  /** What the steps so far handed on (access_token, code, device_code …), latest wins. */
  vars: Record<string, string>
}

export function stepKind(step: ScenarioStep): StepKind {
  for (const kind of [
    'flow',
    'continue',
    'rerun',
    'clock',
    'addFault',
    'removeFault',
    'request',
  ] as const) {
    if (kind in step) return kind
  }
  throw new Error('unknown step kind')
}

export async function runScenario(loaded: LoadedScenario): Promise<ScenarioResult> {
  const started = performance.now()
  const { scenario } = loaded
  const result: ScenarioResult = {
    file: loaded.file,
    name: scenario.name,
    status: 'passed',
    durationMs: 0,
    steps: [],
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-scenario-'))
  let engine: Gatehouse | null = null
  try {
    const clock = scenarioClock(loaded)
    engine = await createGatehouse({ dataDir, workspace: loaded.workspace, clock, uiDir: null })
    await engine.listen({ host: '127.0.0.1', port: 0 })
    result.startMs = performance.now() - started
    const played = await playScenarioSteps(engine, scenario.steps)
    result.steps = played.steps
    result.status = played.status
  } catch (error) {
    result.status = 'error'
    result.error = (error as Error).message
  } finally {
    try {
      await engine?.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
    result.durationMs = performance.now() - started
  }
  return result
}

export interface PlayedSteps {
  status: 'passed' | 'failed' | 'error'
  steps: StepResult[]
  /** The runner runs the steps created, in order (a `flow` step creates one). */
  runIds: number[]
}

/**
 * Plays a scenario's steps on a listening engine, in order, stopping at the first step that
 * could not be played or whose expectations failed. The engine's workspace and clock are
 * whatever the caller set up: a fresh engine for `gatehouse test`, the live one for the
 * Errors view's Reproduce.
 */
export async function playScenarioSteps(
  engine: Gatehouse,
  steps: ScenarioStep[],
): Promise<PlayedSteps> {
  const state: State = { engine, lastRun: null, vars: {} }
  const played: PlayedSteps = { status: 'passed', steps: [], runIds: [] }
  for (const [index, step] of steps.entries()) {
    const before = state.lastRun
    const stepResult = await playStep(state, step, index)
    if (state.lastRun !== null && state.lastRun !== before) played.runIds.push(state.lastRun)
    if (state.lastRun !== null && ['flow', 'continue', 'rerun'].includes(stepResult.kind)) {
      stepResult.runId = state.lastRun
    }
    played.steps.push(stepResult)
    if (stepResult.error) {
      played.status = 'error'
      break
    }
    if (stepResult.expectations.some((e) => !e.pass)) {
      played.status = 'failed'
      break
    }
  }
  return played
}

/** The virtual clock a scenario starts on: its `at` (if any) plus its offset, frozen if asked. */
export function scenarioClock(loaded: LoadedScenario): VirtualClock {
  const offsetMs =
    loaded.clock.at !== null
      ? loaded.clock.at - Date.now() + loaded.clock.offsetMs
      : loaded.clock.offsetMs
  const clock = new VirtualClock(Date.now, offsetMs / 1000)
  if (loaded.clock.frozen) clock.freeze()
  return clock
}

async function playStep(state: State, step: ScenarioStep, index: number): Promise<StepResult> {
  const kind = stepKind(step)
  const result: StepResult = { index, kind, label: step.name ?? '', expectations: [] }
  try {
    if ('flow' in step) {
      result.label ||= `${step.flow} · ${step.app}${step.user ? ` · ${step.user}` : ''}`
      const created = await runnerCall(() =>
        state.engine.runner.create({
          flow: step.flow,
          app: step.app,
          ...(step.user ? { user: step.user } : {}),
          ...(step.options ? { options: step.options } : {}),
        }),
      )
      state.lastRun = created.id
      const run = await drive(state, created.id, step.edits, step.until)
      checkRun(result, run, step.expect, step.until)
    } else if ('continue' in step) {
      result.label ||= 'continue'
      const run = await drive(state, lastRun(state), step.edits, step.until)
      checkRun(result, run, step.expect, step.until)
    } else if ('rerun' in step) {
      result.label ||= `rerun ${step.rerun}`
      const id = lastRun(state)
      const run = state.engine.runner.get(id)
      const target = [...run.steps]
        .reverse()
        .find((s) => s.name === step.rerun && (s.status !== 'pending' || run.next === s.index))
      if (!target) {
        throw new StepError(
          `the last flow has no reached step named ${step.rerun} (steps: ${run.steps.map((s) => s.name).join(', ')})`,
        )
      }
      const sent = await runnerCall(() =>
        state.engine.runner.rerun(id, target.index, substituteEdits(state, step.edits ?? {})),
      )
      remember(state, sent)
      checkObservation(result, sent.name, observationOf(sent), step.expect, [{ outcome: 'ok' }])
    } else if ('clock' in step) {
      result.label ||= `clock ${step.clock}`
      state.engine.clock.advance(parseDuration(step.clock)!)
    } else if ('addFault' in step) {
      result.label ||= `add fault ${step.addFault.id ?? ''}`.trim()
      await runnerCall(async () => state.engine.policy.faults.add(step.addFault))
    } else if ('removeFault' in step) {
      result.label ||= `remove fault ${step.removeFault}`
      await runnerCall(async () => state.engine.policy.faults.remove(step.removeFault))
    } else {
      result.label ||= `${step.request.method} ${step.request.path}`
      const obs = await rawRequest(state, step.request)
      checkObservation(result, undefined, obs, step.expect, [])
    }
  } catch (error) {
    result.error = (error as Error).message
  }
  return result
}

/** Runner and engine refusals (an unknown app, a flow the app does not allow) as step errors. */
async function runnerCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const e = error as Error & { path?: string }
    throw new StepError(e.path ? `${e.path}: ${e.message}` : e.message)
  }
}

function lastRun(state: State): number {
  if (state.lastRun === null) throw new StepError('no flow has run yet in this scenario')
  return state.lastRun
}

function remember(state: State, step: RunStep): void {
  Object.assign(state.vars, step.handsOn ?? {})
}

/** Sends the run's steps in order (with the edits for each), stopping before `until` or at a refusal. */
async function drive(
  state: State,
  id: number,
  edits: Record<string, RunStepEdits> | undefined,
  until: string | undefined,
): Promise<Run> {
  let run = state.engine.runner.get(id)
  const names = run.steps.map((s) => s.name)
  for (const name of [...Object.keys(edits ?? {}), ...(until ? [until] : [])]) {
    if (!names.includes(name)) {
      throw new StepError(
        `the ${run.flow} flow has no step ${name}; its steps: ${names.join(', ')}`,
      )
    }
  }
  while (run.next !== null) {
    const next = run.steps[run.next]!
    if (until !== undefined && next.name === until) break
    const sent = await runnerCall(() =>
      state.engine.runner.send(id, run.next!, substituteEdits(state, edits?.[next.name] ?? {})),
    )
    remember(state, sent)
    run = state.engine.runner.get(id)
    if (sent.outcome === 'failed' && !sent.refusalExpected) break
  }
  return run
}

function checkRun(
  result: StepResult,
  run: Run,
  expect: Expect | Expect[] | undefined,
  until: string | undefined,
): void {
  const sent = run.steps.filter((s) => s.status === 'sent')
  const last = sent.at(-1)
  const expectations = expect === undefined ? [] : Array.isArray(expect) ? expect : [expect]
  if (expectations.length === 0) {
    // No expectation: the flow must not have been refused (to the end, or up to `until`).
    const refused = run.status === 'failed'
    result.expectations.push({
      field: 'run.status',
      expected: until ? `not "failed" (stopped before ${until})` : '"completed"',
      got: JSON.stringify(run.status),
      pass: until ? !refused : run.status === 'completed',
    })
    if (last) describeExchange(result, last.name, observationOf(last))
    return
  }
  for (const one of expectations) {
    const target = one.step ? [...sent].reverse().find((s) => s.name === one.step) : last
    if (!target) {
      result.expectations.push({
        field: one.step ? `step ${one.step}` : 'step',
        expected: 'sent',
        got: one.step
          ? `not sent (${run.steps.find((s) => s.name === one.step)?.status ?? 'no such step'})`
          : 'no step was sent',
        pass: false,
      })
      continue
    }
    const obs = observationOf(target)
    result.expectations.push(...prefixed(one.step ? target.name : undefined, checkExpect(one, obs)))
    describeExchange(result, target.name, obs)
  }
}

function prefixed(step: string | undefined, results: ExpectationResult[]): ExpectationResult[] {
  return step ? results.map((r) => ({ ...r, field: `${step}: ${r.field}` })) : results
}

function checkObservation(
  result: StepResult,
  name: string | undefined,
  obs: Observation,
  expect: Expect | Expect[] | undefined,
  fallback: Expect[],
): void {
  const expectations = expect === undefined ? fallback : Array.isArray(expect) ? expect : [expect]
  for (const one of expectations) result.expectations.push(...checkExpect(one, obs))
  describeExchange(result, name, obs)
}

const explainedFailure = new WeakSet<StepResult>()

/**
 * Keeps the Why of the exchange checked: the first one whose expectations failed, else the
 * last one checked.
 */
function describeExchange(result: StepResult, name: string | undefined, obs: Observation): void {
  if (explainedFailure.has(result)) return
  if (result.expectations.some((e) => !e.pass)) explainedFailure.add(result)
  if (name !== undefined) result.checked = name
  result.why = whyLines(obs)
  if (obs.failedStep) result.failedStep = obs.failedStep
  else delete result.failedStep
  if (obs.exchangeId !== undefined) result.exchangeId = obs.exchangeId
}

// ------------------------------------------------------------------------------------
// Placeholders and raw requests

const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g

/**
 * `{{access_token}}`, `{{device_code}}` … (what earlier steps handed on), and
 * `{{consumerKey:App}}` / `{{consumerSecret:App}}` (from the workspace: secrets are never
 * written in a scenario file).
 */
export function substitute(state: State, text: string): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const app = /^(consumerKey|consumerSecret):(.+)$/.exec(name)
    if (app) {
      const found = state.engine.store.workspace
        .listApps()
        .find((a) => a.name.toLowerCase() === app[2]!.trim().toLowerCase())
      if (!found) throw new StepError(`{{${name}}}: no app is named ${app[2]}`)
      return app[1] === 'consumerKey' ? found.consumerKey : found.consumerSecret
    }
    const value = state.vars[name]
    if (value === undefined) {
      throw new StepError(
        `{{${name}}}: no earlier step handed on ${name} (known: ${Object.keys(state.vars).join(', ') || 'none'})`,
      )
    }
    return value
  })
}

function substituteRecord<T extends string | null>(
  state: State,
  record: Record<string, T> | undefined,
): Record<string, T> | undefined {
  if (!record) return record
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, (v === null ? v : substitute(state, v)) as T]),
  )
}

function substituteEdits(state: State, edits: RunStepEdits): RunStepEdits {
  return {
    ...edits,
    ...(edits.params ? { params: substituteRecord(state, edits.params) } : {}),
    ...(edits.headers ? { headers: substituteRecord(state, edits.headers) } : {}),
    ...(edits.body !== undefined ? { body: substitute(state, edits.body) } : {}),
  }
}

interface RawRequest {
  method: string
  path: string
  params?: Record<string, string>
  headers?: Record<string, string>
  body?: string
  useLastAccessToken?: boolean
}

async function rawRequest(state: State, spec: RawRequest): Promise<Observation> {
  const { engine } = state
  const marker = `scenario/${randomBytes(4).toString('hex')}`
  const url = new URL(substitute(state, spec.path), engine.baseUrl)
  const params = substituteRecord(state, spec.params) ?? {}
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': `Gatehouse-Scenario/${GATEHOUSE_VERSION} (+${marker})`,
  }
  for (const [name, value] of Object.entries(substituteRecord(state, spec.headers) ?? {})) {
    headers[name.toLowerCase()] = value
  }
  if (spec.useLastAccessToken) {
    const token = state.vars.access_token
    if (!token) throw new StepError('useLastAccessToken: no earlier step received an access token')
    headers.authorization = `Bearer ${token}`
  }
  let body: string | undefined
  if (spec.method === 'GET' || spec.method === 'DELETE') {
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  } else if (spec.body !== undefined) {
    body = substitute(state, spec.body)
  } else if (Object.keys(params).length > 0) {
    body = new URLSearchParams(params).toString()
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
  }
  const recorder = engine.recorder
  if (recorder) await recorder.flush()
  const before = recorder ? recorder.store.maxIds().exchange : 0
  let response: Response
  try {
    response = await fetch(url, {
      method: spec.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    })
  } catch (error) {
    throw new StepError(`the request could not be sent: ${(error as Error).message}`)
  }
  const text = await response.text()
  const responseHeaders: Record<string, string> = {}
  response.headers.forEach((value, name) => (responseHeaders[name] = value))
  const location = response.headers.get('location')
  const obs: Observation = {
    status: response.status,
    headers: responseHeaders,
    body: text,
    location: location ? new URL(location, engine.baseUrl).toString() : null,
  }
  Object.assign(
    state.vars,
    handsOn({ status: obs.status, headers: responseHeaders, body: text, location: obs.location }),
  )
  if (recorder) {
    const deadline = Date.now() + 2_000
    for (;;) {
      await recorder.flush()
      const row = recorder.store.findNewer(before, marker, spec.method, url.pathname + url.search)
      if (row) {
        const detail = exchangeDetail(row)
        obs.exchangeId = detail.id
        obs.outcome = detail.outcome
        if (detail.failedStep) obs.failedStep = detail.failedStep
        obs.why = detail.steps
        obs.jwts = await decodeExchangeJwts(detail, keySource(engine))
        break
      }
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  return obs
}
