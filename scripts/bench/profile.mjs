// `--profile`: re-runs each scenario that missed its target against a Gatehouse started with
// `node --cpu-prof`, writes the profile to bench/results/*.cpuprofile (gitignored) and
// summarises the load window: which functions and which parts of src/ the time went to.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
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
    // A folder per scenario: node writes one profile per thread (the request thread, the
    // recorder's writer, the checkpoint thread), named by process and thread id.
    const folder = `${stamp}-${id}-profiles`
    const dir = join(REPO_ROOT, 'bench', 'results', folder)
    mkdirSync(dir, { recursive: true })
    const server = await startGatehouse({
      name: `${id} (profiled)`,
      data: mkdtempSync(join(tmpDir, 'profile-')),
      workspace: workspaceFile,
      extraArgs: spec.gatehouseArgs,
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
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
    const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'))
    if (files.length === 0) {
      log(`profile: nothing was written to bench/results/${folder}`)
      continue
    }
    for (const file of files.sort()) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
      const thread = threadOf(file, profile)
      const summary = summarizeProfile(profile, measured.windowUs)
      log(
        `profile of ${id}, ${thread} (${Math.round(measured.reqPerSec)} req/s under the profiler): bench/results/${folder}/${file}\n${formatSummary(summary)}`,
      )
      profiles.push({
        scenario: id,
        thread,
        file: `bench/results/${folder}/${file}`,
        reqPerSecProfiled: measured.reqPerSec,
        summary,
      })
    }
  }
  return profiles
}

/**
 * Which thread a profile is of: node names the files CPU.<date>.<time>.<pid>.<thread id>.<n>,
 * thread 0 being the main one; a worker is known by the script it runs.
 */
function threadOf(file, profile) {
  if (file.split('.')[4] === '0') return 'request thread'
  const urls = profile.nodes.map((node) => node.callFrame.url).join('\n')
  if (urls.includes('trace-writer')) return "recorder's writer thread"
  if (urls.includes('[worker eval]')) return 'checkpoint thread'
  return 'worker thread'
}
