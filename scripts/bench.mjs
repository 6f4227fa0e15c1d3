#!/usr/bin/env node
// `npm run bench` (quick, about 2 min) and `npm run bench:full` (longer, 3 rounds): Gatehouse
// against its peer (oidc-provider) and against the limits (bare Fastify, jose RS256 signing,
// a minimal token server), all started here, in one run, reported as ratios.
// Options: --full · --only <id-prefix,…> (partial run, not written) · --no-write ·
// --profile (CPU-profile the scenarios that miss a target) · --profile-scenario <id>.
// docs/benchmarks.md says how to run it and how to read it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { checkBuild } from './bench/build-check.mjs'
import { killAllNow, REPO_ROOT, stopAll } from './bench/children.mjs'
import { joseSigningRate } from './bench/baselines/jose-loop.mjs'
import { runInterleaved } from './bench/interleave.mjs'
import { describeMachine, describeVersions } from './bench/machine.mjs'
import { parseOptions, selectScenarios } from './bench/options.mjs'
import { processMemory, settle, sleep } from './bench/proc.mjs'
import { profileScenarios } from './bench/profile.mjs'
import { renderReport } from './bench/report.mjs'
import { summarize } from './bench/results.mjs'
import { baselineScenarios } from './bench/scenarios/baselines.mjs'
import { gatehouseScenarios } from './bench/scenarios/gatehouse.mjs'
import { measureStartup } from './bench/scenarios/startup.mjs'
import { seedExchanges, traceScenarios } from './bench/scenarios/trace.mjs'
import { BASELINE_SCRIPTS, SERVERS, startServers } from './bench/servers.mjs'
import { MODES } from './bench/settings.mjs'
import { benchWorkspace } from './bench/workspace.mjs'

const log = (line) => process.stderr.write(`[bench] ${line}\n`)
/** The idle memory reading comes this long after the servers started, at the earliest. */
const IDLE_READING_MS = 15_000

// Removed on every way out, Ctrl-C included.
let tmpDir = null
const removeTmpDir = () => tmpDir && rmSync(tmpDir, { recursive: true, force: true })

/** Warnings that belong in the results: a stale build, a machine already busy. */
async function preflight() {
  const notes = checkBuild()
  const busy = await settle({ maxMs: 2000 })
  if (busy > 0.25) {
    notes.push(
      `the machine was busy when the bench started (${Math.round(busy * 100)} % of its CPU in use by other processes): expect noisy figures`,
    )
  }
  notes.forEach((note) => log(`warning: ${note}`))
  return notes
}

/** How long the recorder took to bring its search index up to date after the recording. */
function indexNote(seed) {
  if (seed.indexSeconds === null || seed.indexSeconds === undefined) return ''
  const took = `; the search index caught up ${seed.indexSeconds.toFixed(1)} s later`
  return seed.indexPending
    ? `; ${seed.indexPending} exchanges still not indexed after ${seed.indexSeconds.toFixed(0)} s`
    : took
}

/** Fills the 100k-exchange server, then gives its scenarios what they need to know. */
async function seedTrace(server, settings, scenarios) {
  log(`recording ${settings.seedExchanges.toLocaleString('en-US')} exchanges…`)
  const seed = await seedExchanges(server, {
    count: settings.seedExchanges,
    connections: settings.seedConnections,
  })
  log(
    seed.unavailable ??
      `recorded ${seed.recorded} in ${seed.seconds.toFixed(1)} s${indexNote(seed)}`,
  )
  const seeded = traceScenarios(seed)
  return { seed, scenarios: scenarios.map((s) => seeded.find((t) => t.id === s.id) ?? s) }
}

/** Probes every scenario; those that cannot run say why. */
async function prepareAll(scenarios, servers) {
  const state = {}
  for (const scenario of scenarios) {
    const prepared = await scenario.prepare(servers[scenario.server])
    state[scenario.id] = { scenario, prepared, runs: [] }
    if (!prepared.request) {
      const why = prepared.unavailable ? 'not available' : 'INVALID'
      log(`${scenario.id}: ${why}: ${prepared.unavailable ?? prepared.invalid}`)
    }
  }
  return state
}

function writeResults(results) {
  const dir = join(REPO_ROOT, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${results.date.slice(0, 10)}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  log(`results written to ${file}`)
}

async function run(options) {
  const settings = MODES[options.mode]
  tmpDir = mkdtempSync(join(os.tmpdir(), 'gatehouse-bench-'))
  const workspaceFile = join(tmpDir, 'workspace.json')
  writeFileSync(workspaceFile, JSON.stringify(benchWorkspace()))
  const results = {
    format: 1,
    date: new Date().toISOString(),
    mode: options.mode,
    machine: describeMachine(),
    versions: describeVersions(),
    settings,
    notes: await preflight(),
  }
  const started = performance.now()
  log(
    `${options.mode} mode: ${settings.slices} × ${settings.sliceS} s slices per scenario and round, ` +
      `${settings.connections} connections, ${settings.rounds} round(s)`,
  )

  log('server start times…')
  results.startup = await measureStartup({
    reps: settings.startupReps,
    tmpDir,
    workspaceFile,
    baselineScripts: BASELINE_SCRIPTS,
  })

  const everyScenario = [...baselineScenarios, ...gatehouseScenarios, ...traceScenarios({})]
  let scenarios = selectScenarios(everyScenario, options.only)
  const keys = [...new Set(scenarios.map((s) => s.server))]
  const servers = await startServers(keys, { tmpDir, workspaceFile })
  const serversStartedAt = performance.now()
  await sleep(1000)
  const memory = {}
  for (const key of keys) {
    log(`${SERVERS[key].label} listening on ${servers[key].url}`)
    memory[SERVERS[key].label] = {
      atRestMiB: processMemory(servers[key].pid)?.rssMiB,
      underLoadPeakMiB: 0,
    }
  }

  log('jose RS256 signing loops…')
  results.ceilings = {
    jose: {
      sequential: await joseSigningRate({ seconds: settings.joseSeconds / 2, inFlight: 1 }),
      concurrent: await joseSigningRate({ seconds: settings.joseSeconds, inFlight: 32 }),
    },
  }

  if (servers.gatehouseTrace) {
    ;({ seed: results.seed, scenarios } = await seedTrace(
      servers.gatehouseTrace,
      settings,
      scenarios,
    ))
  }

  // Idle: what each server holds once it has sat without requests for a while (its checkpoint
  // worker exits after 10 s without writes, store/checkpointer.ts). Read before the probes,
  // which write; the 100k-exchange server has just been busy, so it has no idle reading.
  await sleep(Math.max(0, serversStartedAt + IDLE_READING_MS - performance.now()))
  for (const key of keys) {
    if (key === 'gatehouseTrace') continue
    memory[SERVERS[key].label].idleMiB = processMemory(servers[key].pid)?.rssMiB
  }

  const state = await prepareAll(scenarios, servers)
  await runInterleaved(
    Object.values(state).filter((entry) => entry.prepared.request),
    {
      servers,
      settings,
      onRun(entry, round, measured) {
        const figures = memory[SERVERS[entry.scenario.server].label]
        figures.underLoadPeakMiB = Math.max(figures.underLoadPeakMiB, measured.rssPeakMiB)
        log(
          `round ${round + 1}/${settings.rounds} ${entry.scenario.id}: ${Math.round(measured.reqPerSec)} req/s, ` +
            `p99 ${measured.latencyMs.p99} ms, server ${measured.serverCores.toFixed(2)} cores` +
            (measured.valid ? '' : ` — INVALID: ${measured.problems.join(', ')}`),
        )
      },
    },
  )
  await sleep(2000)
  for (const key of keys) {
    memory[SERVERS[key].label].afterLoadMiB = processMemory(servers[key].pid)?.rssMiB
  }
  results.memory = memory

  Object.assign(results, summarize(state, results.ceilings))
  results.benchSeconds = (performance.now() - started) / 1000
  process.stdout.write(renderReport(results) + '\n')
  log(`done in ${results.benchSeconds.toFixed(0)} s`)

  const toProfile = new Set([
    ...options.profileScenarios,
    ...(options.profileMisses ? results.misses : []),
  ])
  if (toProfile.size) {
    results.profiles = await profileScenarios({
      ids: [...toProfile],
      // Any scenario may be profiled, whether or not this run measured it.
      scenarios: everyScenario.map((s) => scenarios.find((x) => x.id === s.id) ?? s),
      servers: SERVERS,
      tmpDir,
      workspaceFile,
      settings,
      log,
    })
  }
  if (options.write) writeResults(results)
  return Object.values(results.scenarios).some((s) => s.status === 'invalid') ? 1 : 0
}

process.on('exit', killAllNow)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAllNow()
    removeTmpDir()
    process.exit(130)
  })
}

run(parseOptions())
  .then(
    (code) => {
      process.exitCode = code
    },
    (err) => {
      log(`failed: ${err.stack ?? err}`)
      process.exitCode = 1
    },
  )
  .finally(async () => {
    await stopAll()
    removeTmpDir()
  })
