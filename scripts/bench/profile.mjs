// `--profile`: re-runs each scenario that missed its target against a Gatehouse started with
// `node --cpu-prof`, writes the profile to bench/results/*.cpuprofile (gitignored) and
// summarises the load window: which functions and which parts of src/ the time went to.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT, startGatehouse, stopServer } from './children.mjs'
import { formatSummary, summarizeProfile } from './cpuprofile.mjs'
import { measureLoad } from './load.mjs'
import { durationOf } from './settings.mjs'
import { seedExchanges } from './scenarios/trace.mjs'

export async function profileScenarios({
  ids,
  scenarios,
  servers,
  tmpDir,
  workspaceFile,
  settings,
  log,
}) {
  const profiles = []
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
  for (const id of ids) {
    const scenario = scenarios.find((s) => s.id === id)
    const spec = scenario && servers[scenario.server]
    if (!spec || spec.start) {
      log(`profile: ${id} is not a Gatehouse scenario; skipped`)
      continue
    }
    const name = `${stamp}-${id}.cpuprofile`
    const dir = join(REPO_ROOT, 'bench', 'results')
    mkdirSync(dir, { recursive: true })
    const server = await startGatehouse({
      name: `${id} (profiled)`,
      data: mkdtempSync(join(tmpDir, 'profile-')),
      workspace: workspaceFile,
      extraArgs: spec.gatehouseArgs,
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name],
    })
    let measured
    try {
      if (scenario.server === 'gatehouseTrace') {
        await seedExchanges(server, {
          count: settings.seedExchanges,
          connections: settings.seedConnections,
        })
      }
      const prepared = await scenario.prepare(server)
      if (!prepared.request) {
        log(`profile: ${id} cannot run: ${prepared.unavailable ?? prepared.invalid}`)
        continue
      }
      measured = await measureLoad({
        server,
        request: prepared.request,
        durationS: durationOf(settings),
        warmupS: settings.warmupS,
        connections: scenario.connections ?? settings.connections,
        settleMaxMs: settings.settleMaxMs,
      })
    } finally {
      await stopServer(server)
    }
    const file = join(dir, name)
    if (!existsSync(file)) {
      log(`profile: ${file} was not written`)
      continue
    }
    const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), measured.windowUs)
    log(
      `profile of ${id} (${Math.round(measured.reqPerSec)} req/s under the profiler): bench/results/${name}\n${formatSummary(summary)}`,
    )
    profiles.push({
      scenario: id,
      file: `bench/results/${name}`,
      reqPerSecProfiled: measured.reqPerSec,
      summary,
    })
  }
  return profiles
}
