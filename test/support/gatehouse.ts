import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGatehouse, type Gatehouse } from '../../src/core'
import { VirtualClock } from '../../src/core/policy/clock'
import { testWorkspace } from './workspace'

export interface RunningGatehouse {
  engine: Gatehouse
  baseUrl: string
  clock: VirtualClock
  dataDir: string
  /** fetch against the server, with a path relative to the base URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

/**
 * A real server on a loopback port, over a fresh data folder, with a virtual clock the test
 * can move (tests never sleep to expire things).
 */
export async function startGatehouse(
  options: { workspace?: unknown; clock?: VirtualClock; uiDir?: string | null } = {},
): Promise<RunningGatehouse> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'))
  const clock = options.clock ?? new VirtualClock()
  const engine = await createGatehouse({
    dataDir,
    workspace: options.workspace ?? testWorkspace(),
    clock,
    uiDir: options.uiDir ?? null,
  })
  const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
  return {
    engine,
    baseUrl,
    clock,
    dataDir,
    fetch: (path, init) => fetch(baseUrl + path, { redirect: 'manual', ...init }),
    async close() {
      await engine.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** An application/x-www-form-urlencoded body from a plain object. */
export function form(fields: Record<string, string | undefined>): URLSearchParams {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.append(k, v)
  return body
}
