import type { Reproduction } from '../../../shared/catalog-api'
import type { Gatehouse } from '../../gatehouse'
import type { ClockState, VirtualClock } from '../../policy/clock'
import type { Workspace } from '../../workspace/types'
import { prepareScenario, ScenarioValidationError } from '../parse'
import { playScenarioSteps } from '../run'
import { catalogEntry, type CatalogScenario } from './entries'

/**
 * The Errors view's "Reproduce": a catalog scenario played on the live engine, so its runs
 * show in the Run view and its exchanges in Traffic and Flows. For the time it plays, the
 * workspace is the live one with the neutral parts reset (no fault rules, no breakpoints, no
 * simulated client IP — the catalog's setup assumes none) and the entry's setup applied, and
 * the clock is the entry's; both are put back afterwards, whatever happened.
 */

export class ReproduceRefused extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ReproduceRefused'
  }
}

const playing = new WeakSet<Gatehouse>()

export async function reproduceCatalogEntry(engine: Gatehouse, id: string): Promise<Reproduction> {
  const item = catalogEntry(id)
  if (!item) throw new ReproduceRefused(404, 'not_found', `the catalog has no entry ${id}`)
  if (playing.has(engine)) {
    throw new ReproduceRefused(
      409,
      'busy',
      'another catalog entry is being reproduced; try again when it ends',
    )
  }
  const snapshot = engine.store.workspace.export()
  checkNeeds(item, snapshot)
  const workspace = reproductionWorkspace(item, snapshot)
  const clockBefore = engine.clock.state()
  playing.add(engine)
  const restored = ['the workspace (fault rules, breakpoints and simulated client IPs included)']
  try {
    engine.store.workspace.load(workspace.workspace)
    if (item.scenario.setup?.clock !== undefined) {
      setClock(engine.clock, workspace.clock)
      restored.push('the virtual clock')
    }
    const played = await playScenarioSteps(engine, item.scenario.steps)
    await engine.recorder?.flush()
    const flowOf = (exchangeId: number | undefined) =>
      exchangeId === undefined
        ? null
        : (engine.recorder?.store.exchange(exchangeId)?.flow_id ?? null)
    const steps = played.steps.map((step) => {
      return {
        index: step.index,
        kind: step.kind,
        label: step.label,
        checked: step.checked ?? null,
        failedStep: step.failedStep ?? null,
        exchangeId: step.exchangeId ?? null,
        flowId: flowOf(step.exchangeId),
        runId: step.runId ?? null,
        error: step.error ?? null,
        expectations: step.expectations,
        why: step.why ?? [],
      }
    })
    const flowIds = [...new Set(steps.map((s) => s.flowId).filter((f): f is number => f !== null))]
    return { entry: id, status: played.status, steps, runIds: played.runIds, flowIds, restored }
  } finally {
    engine.store.workspace.load(snapshot)
    restoreClock(engine.clock, clockBefore)
    playing.delete(engine)
  }
}

/** The catalog runs on the demo workspace's apps and users; the live one must have them. */
function checkNeeds(item: CatalogScenario, ws: Workspace): void {
  const missing: string[] = []
  for (const app of item.entry.needs.apps) {
    if (!ws.apps.some((a) => a.name.toLowerCase() === app.toLowerCase()))
      missing.push(`no app named ${app}`)
  }
  for (const user of item.entry.needs.users) {
    if (!ws.users.some((u) => u.username.toLowerCase() === user.toLowerCase())) {
      missing.push(`no user ${user}`)
    }
  }
  if (missing.length > 0) {
    throw new ReproduceRefused(
      409,
      'workspace_mismatch',
      `this entry plays on the demo workspace, and the workspace has ${missing.join(', ')}: load the demo workspace (or add them) to reproduce it`,
    )
  }
}

function reproductionWorkspace(item: CatalogScenario, live: Workspace) {
  const base = { ...structuredClone(live), faults: [], breakpoints: [], simulation: {} }
  try {
    return prepareScenario(
      { ...item.scenario, workspace: base as unknown as Record<string, unknown> },
      '.',
    )
  } catch (error) {
    if (error instanceof ScenarioValidationError) {
      throw new ReproduceRefused(
        409,
        'workspace_mismatch',
        `the entry's setup does not apply to this workspace: ${error.message}`,
      )
    }
    throw error
  }
}

// Freeze before jumping: a jump then a freeze would let the real time between them through.
function setClock(
  clock: VirtualClock,
  wanted: { offsetMs: number; at: number | null; frozen: boolean },
) {
  clock.unfreeze()
  if (wanted.at === null) clock.setOffsetSeconds(wanted.offsetMs / 1000)
  if (wanted.frozen) clock.freeze()
  if (wanted.at !== null) clock.advance(wanted.at + wanted.offsetMs - clock.now())
}

function restoreClock(clock: VirtualClock, before: ClockState) {
  clock.unfreeze()
  clock.setOffsetSeconds(before.offsetMs / 1000)
  if (before.frozen) {
    clock.freeze()
    clock.advance(before.now - clock.now())
  }
}
