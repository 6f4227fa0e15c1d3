import type { PausedExchange } from '../../../src/shared/admin-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../policy/support'

/**
 * Helpers for the breakpoint tests: they drive breakpoints and paused exchanges through the
 * admin API only, as a script outside the project would.
 */

export async function addBreakpoint(
  gh: RunningGatehouse,
  rule: Record<string, unknown>,
): Promise<{ id: string }> {
  const res = await admin(gh, '/breakpoints', { method: 'POST', body: rule })
  if (res.status !== 201) throw new Error(`POST /breakpoints: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string }
}

export async function removeAllBreakpoints(gh: RunningGatehouse): Promise<void> {
  const res = await admin(gh, '/breakpoints')
  for (const rule of (await res.json()) as Array<{ id: string }>) {
    await admin(gh, `/breakpoints/${rule.id}`, { method: 'DELETE' })
  }
}

export async function listPaused(gh: RunningGatehouse): Promise<PausedExchange[]> {
  const res = await admin(gh, '/paused')
  return (await res.json()) as PausedExchange[]
}

/** Polls GET /paused until `count` exchanges are paused (or fails after a few seconds). */
export async function waitForPaused(gh: RunningGatehouse, count = 1): Promise<PausedExchange[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const paused = await listPaused(gh)
    if (paused.length >= count) return paused
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} paused exchange(s), found ${paused.length}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Polls GET /paused until nothing is paused. */
export async function waitForNonePaused(gh: RunningGatehouse): Promise<void> {
  const deadline = Date.now() + 10_000
  while ((await listPaused(gh)).length > 0) {
    if (Date.now() > deadline) throw new Error('exchanges are still paused')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export function decide(
  gh: RunningGatehouse,
  id: string,
  action: 'continue' | 'fail' | 'drop',
  body?: unknown,
): Promise<Response> {
  return admin(gh, `/paused/${id}/${action}`, { method: 'POST', body })
}

/** The steps of the newest recorded exchange that matches `filter` (the admin API's). */
export async function recordedExchange(
  gh: RunningGatehouse,
  filter: string,
): Promise<{
  id: number
  status: number
  url: string
  steps: Array<{ name: string; outcome: string; detail: string }>
}> {
  await gh.engine.recorder?.flush()
  const list = (await (await admin(gh, `/exchanges?${filter}&limit=1`)).json()) as {
    items: Array<{ id: number }>
  }
  const first = list.items[0]
  if (!first) throw new Error(`no exchange recorded for ${filter}`)
  const detail = (await (await admin(gh, `/exchanges/${first.id}`)).json()) as {
    id: number
    status: number
    url: string
    steps: Array<{ name: string; outcome: string; detail: string }>
  }
  return detail
}
