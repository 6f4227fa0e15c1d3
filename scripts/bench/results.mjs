// Turns the raw runs into the results: per scenario the median of each figure over the
// rounds, and per comparison the median of the ratios taken inside each round.
import { median } from './stats.mjs'
import { CEILING_COMPARISONS, compare, COMPARISONS, verdict } from './targets.mjs'

const FIGURES = {
  reqPerSec: (r) => r.reqPerSec,
  p50: (r) => r.latencyMs.p50,
  p99: (r) => r.latencyMs.p99,
  meanLatencyMs: (r) => r.latencyMs.mean,
  serverCores: (r) => r.serverCores,
  serverCpuUsPerRequest: (r) => r.serverCpuUsPerRequest,
  generatorCores: (r) => r.generatorCores,
  otherCores: (r) => r.otherCores,
}

/** The median of each part of the runs' CPU breakdowns (load.mjs), or null if one lacks it. */
function medianBreakdown(breakdowns) {
  if (breakdowns.length === 0 || breakdowns.some((b) => !b)) return null
  return Object.fromEntries(
    Object.keys(breakdowns[0]).map((part) => [part, median(breakdowns.map((b) => b[part]))]),
  )
}

function scenarioResult({ scenario, prepared, runs }) {
  const base = { title: scenario.title, server: scenario.server, note: prepared.note ?? null }
  if (!prepared.request) {
    return {
      ...base,
      status: prepared.unavailable ? 'unavailable' : 'invalid',
      reason: prepared.unavailable ?? prepared.invalid,
      runs: [],
    }
  }
  const broken = runs.filter((r) => !r.valid)
  const valid = runs.filter((r) => r.valid)
  const medianOf = Object.fromEntries(
    Object.entries(FIGURES).map(([name, pick]) => [name, median(valid.map(pick))]),
  )
  medianOf.cpuUsPerRequest = medianBreakdown(valid.map((r) => r.cpuUsPerRequest))
  return {
    ...base,
    status: valid.length > 0 && broken.length === 0 ? 'ok' : 'invalid',
    reason: broken.length ? broken.flatMap((r) => r.problems).join('; ') : null,
    median: medianOf,
    runs,
  }
}

export function summarize(state, ceilings) {
  const scenarios = Object.fromEntries(
    Object.entries(state).map(([id, entry]) => [id, scenarioResult(entry)]),
  )
  const rounds = Math.max(0, ...Object.values(scenarios).map((s) => s.runs.length))
  const runOf = (id, round) => {
    const s = scenarios[id]
    const run = s?.status === 'ok' ? s.runs[round] : undefined
    return run?.valid ? run : null
  }
  const rateIn = (id, round) =>
    id === 'jose.concurrent'
      ? ceilings.jose.concurrent.tokensPerSec
      : (runOf(id, round)?.reqPerSec ?? null)
  // Requests per CPU-second of the server process: what the server did with the CPU it got,
  // whatever the other tenants of the machine took.
  const perCoreIn = (id, round) => {
    if (id === 'jose.concurrent')
      return ceilings.jose.concurrent.tokensPerSec / ceilings.jose.concurrent.cores
    const us = runOf(id, round)?.serverCpuUsPerRequest
    return us > 0 ? 1e6 / us : null
  }

  const comparisons = []
  const misses = []
  for (const c of [...COMPARISONS, ...CEILING_COMPARISONS]) {
    if (!c.against || !scenarios[c.scenario]) continue
    const perRound = []
    const perCorePerRound = []
    for (let round = 0; round < rounds; round++) {
      perRound.push(compare(c, rateIn(c.scenario, round), rateIn(c.against, round)))
      perCorePerRound.push(compare(c, perCoreIn(c.scenario, round), perCoreIn(c.against, round)))
    }
    const value = median(perRound.filter((v) => v !== null))
    const perCoreValue = median(perCorePerRound.filter((v) => v !== null))
    const result = verdict(c, value)
    comparisons.push({
      id: c.id ?? c.scenario,
      scenario: c.scenario,
      against: c.against,
      kind: c.kind ?? 'ratio',
      value,
      perRound,
      perCoreValue,
      perCorePerRound,
      target: c.min !== undefined ? { min: c.min } : c.max !== undefined ? { max: c.max } : null,
      result: result || null,
    })
    if (result === 'MISS') misses.push(c.scenario)
  }
  const background = median(
    Object.values(scenarios).flatMap((s) =>
      s.runs.filter((r) => r?.valid).map((r) => r.otherCores),
    ),
  )
  return { scenarios, comparisons, misses: [...new Set(misses)], backgroundCores: background }
}
