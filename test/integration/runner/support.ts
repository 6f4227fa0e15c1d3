import demo from '../../../resources/demo-workspace.json'
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
