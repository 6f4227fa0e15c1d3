import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import demo from '../../../resources/demo-workspace.json'
import { createGatehouse } from '../../../src/core'
import { VirtualClock } from '../../../src/core/policy/clock'
import type { Run, RunStep } from '../../../src/shared/runner-api'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { admin, type Json } from '../admin/support'

export const ORDER_SYNC = 'Order Sync'
export const PARTNER_PORTAL = 'Partner Portal'
export const NIGHTLY_ETL = 'Nightly ETL'

/** A server on the demo workspace, as a trainer starts it. */
export function startDemo(): Promise<RunningGatehouse> {
  return startGatehouse({ workspace: structuredClone(demo) })
}

export async function createRun(
  gh: RunningGatehouse,
  body: Record<string, unknown>,
): Promise<{ status: number; body: Json }> {
  return admin(gh, 'POST', '/runs', body)
}

/** Creates a run and sends every step unedited; answers the run. */
export async function runToEnd(gh: RunningGatehouse, body: Record<string, unknown>): Promise<Run> {
  const created = await createRun(gh, body)
  if (created.status !== 201) throw new Error(`run not created: ${JSON.stringify(created.body)}`)
  const finished = await admin(gh, 'POST', `/runs/${created.body.id}/finish`)
  if (finished.status !== 200) throw new Error(`finish failed: ${JSON.stringify(finished.body)}`)
  return finished.body as Run
}

/** Sends steps unedited up to (not including) the one named; answers the run. */
export async function runUntil(
  gh: RunningGatehouse,
  body: Record<string, unknown>,
  stepName: string,
): Promise<Run> {
  const created = await createRun(gh, body)
  if (created.status !== 201) throw new Error(`run not created: ${JSON.stringify(created.body)}`)
  let run = created.body as Run
  while (run.next !== null && run.steps[run.next]!.name !== stepName) {
    const sent = await admin(gh, 'POST', `/runs/${run.id}/steps/${run.next}/send`, {})
    if (sent.status !== 200) throw new Error(`send failed: ${JSON.stringify(sent.body)}`)
    run = (await admin(gh, 'GET', `/runs/${run.id}`)).body as Run
  }
  if (run.next === null) throw new Error(`the run never reached ${stepName}: ${run.status}`)
  return run
}

export async function sendStep(
  gh: RunningGatehouse,
  run: Run,
  edits: Record<string, unknown> = {},
): Promise<RunStep> {
  const sent = await admin(gh, 'POST', `/runs/${run.id}/steps/${run.next}/send`, edits)
  if (sent.status !== 200) throw new Error(`send failed: ${JSON.stringify(sent.body)}`)
  return sent.body as RunStep
}

/** The error and description of a JSON error answer. */
export function errorOf(step: RunStep): { error?: string; error_description?: string } {
  try {
    return JSON.parse(step.response!.body) as { error?: string; error_description?: string }
  } catch {
    return {}
  }
}

/** The parameters of a step's redirect (query and fragment), as the client reads them. */
export function redirectOf(step: RunStep): Record<string, string> {
  const location = step.response?.location
  if (!location) throw new Error(`step ${step.name} answered ${step.response?.status}, no redirect`)
  const url = new URL(location)
  const found: Record<string, string> = Object.fromEntries(url.searchParams)
  for (const [name, value] of new URLSearchParams(url.hash.slice(1))) found[name] = value
  return found
}

/** The payload of a compact JWT, unverified (the test only reads its claims). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
}

export async function getRun(gh: RunningGatehouse, id: number): Promise<Run> {
  const got = await admin(gh, 'GET', `/runs/${id}`)
  if (got.status !== 200) throw new Error(`run ${id}: ${got.status} ${JSON.stringify(got.body)}`)
  return got.body as Run
}

/**
 * Runs until the step named, sends it with the edits, and answers the step as sent and the
 * run after it.
 */
export async function failAt(
  gh: RunningGatehouse,
  body: Record<string, unknown>,
  stepName: string,
  edits: Record<string, unknown> = {},
): Promise<{ step: RunStep; run: Run }> {
  const run = await runUntil(gh, body, stepName)
  const step = await sendStep(gh, run, edits)
  return { step, run: await getRun(gh, run.id) }
}

/**
 * A server on the demo workspace whose data folder outlives it: `restart()` closes the
 * engine and opens a new one on the same folder (a new port, as after relaunching the app).
 */
export async function startDemoKeepingData(): Promise<{
  current(): RunningGatehouse
  restart(): Promise<RunningGatehouse>
  close(): Promise<void>
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-runner-'))
  const clock = new VirtualClock()
  const open = async (workspace?: unknown): Promise<RunningGatehouse> => {
    const engine = await createGatehouse({ dataDir, workspace, clock, uiDir: null })
    const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
    return {
      engine,
      baseUrl,
      clock,
      dataDir,
      fetch: (path, init) => fetch(baseUrl + path, { redirect: 'manual', ...init }),
      close: () => engine.close(),
    }
  }
  let gh = await open(structuredClone(demo))
  return {
    current: () => gh,
    async restart() {
      await gh.close()
      gh = await open()
      return gh
    },
    async close() {
      await gh.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
