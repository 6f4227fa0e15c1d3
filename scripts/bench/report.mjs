// The printed report: Markdown tables (readable in a terminal, pasteable into
// docs/benchmarks.md), built from the results object that is also written as JSON.
import { CEILING_COMPARISONS, COMPARISONS, ratioText, targetText, verdict } from './targets.mjs'

const int = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–')
const fixed = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '–')

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

function statusText(scenario) {
  if (scenario.status === 'unavailable') return `not available: ${scenario.reason}`
  if (scenario.status === 'invalid') return `INVALID: ${scenario.reason}`
  return null
}

export function loadTable(results) {
  const rows = []
  for (const comparison of COMPARISONS) {
    const scenario = results.scenarios[comparison.scenario]
    if (!scenario) continue
    const compared = results.comparisons.find(
      (c) => c.id === (comparison.id ?? comparison.scenario),
    )
    const m = scenario.median
    const title = comparison.title ?? scenario.title
    const problem = comparison.kind === 'overhead' ? null : statusText(scenario)
    if (comparison.kind === 'overhead') {
      rows.push([
        title,
        '',
        '',
        '',
        '',
        '',
        ratioText(comparison, compared?.value),
        ratioText(comparison, compared?.perCoreValue),
        targetText(comparison),
        verdict(comparison, compared?.value),
      ])
    } else if (problem) {
      rows.push([
        title,
        problem,
        '',
        '',
        '',
        '',
        '',
        '',
        targetText(comparison),
        verdict(comparison, null),
      ])
    } else {
      rows.push([
        title + (scenario.note ? ` (${scenario.note})` : ''),
        int(m.reqPerSec),
        fixed(m.p50, 0),
        fixed(m.p99, 0),
        fixed(m.serverCores, 2),
        int(m.serverCpuUsPerRequest),
        compared ? ratioText(comparison, compared.value) : '(ceiling)',
        compared ? ratioText(comparison, compared.perCoreValue) : '',
        targetText(comparison),
        verdict(comparison, compared?.value),
      ])
    }
  }
  return table(
    [
      'scenario',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server cores',
      'server CPU µs/req',
      'ratio (req/s)',
      'ratio per server core',
      'target (on req/s)',
      'result',
    ],
    rows,
  )
}

/**
 * Where a request's CPU went, by thread (proc.mjs): on a machine whose cores the server and
 * the load generator share, the window's total is what one request costs the machine, and
 * the parts say whose time it is.
 */
export function cpuTable(results) {
  const rows = []
  for (const comparison of COMPARISONS) {
    const scenario = results.scenarios[comparison.scenario]
    const cpu = scenario?.status === 'ok' ? scenario.median.cpuUsPerRequest : null
    if (comparison.kind === 'overhead' || !cpu) continue
    const windowTotal = cpu.request + cpu.recorder + cpu.gatehouse + cpu.pool + cpu.generator
    rows.push([
      scenario.title,
      int(cpu.request),
      int(cpu.recorder),
      int(cpu.gatehouse),
      int(cpu.pool),
      int(cpu.generator),
      int(windowTotal),
      int(cpu.afterWindow),
    ])
  }
  if (rows.length === 0) return ''
  return table(
    [
      'CPU µs per request (median over rounds)',
      'request thread',
      'trace writer',
      'other Gatehouse threads',
      'threadpool and V8 helpers',
      'load generator',
      'all, in the load',
      'server, after the load',
    ],
    rows,
  )
}

function ceilingTable(results) {
  const { jose } = results.ceilings
  const rows = [
    [
      'jose RS256 signing, 1 in flight (in process)',
      int(jose.sequential.tokensPerSec),
      fixed(jose.sequential.cores, 2),
    ],
    [
      'jose RS256 signing, 32 in flight (in process)',
      int(jose.concurrent.tokensPerSec),
      fixed(jose.concurrent.cores, 2),
    ],
  ]
  return table(['signing ceiling', 'tokens/s', 'cores used'], rows)
}

function againstCeilingsTable(results) {
  const rows = []
  for (const c of CEILING_COMPARISONS) {
    const compared = results.comparisons.find((x) => x.id === c.id)
    if (!compared || compared.value === null) continue
    rows.push([
      `${results.scenarios[c.scenario].title}`,
      ratioText(c, compared.value),
      ratioText(c, compared.perCoreValue),
    ])
  }
  return rows.length
    ? table(['against the ceilings', 'ratio (req/s)', 'ratio per server core'], rows)
    : ''
}

function startupTable(results) {
  const s = results.startup
  const base = s['fastify-fixed']?.medianMs
  const rows = Object.entries(s).map(([kind, v]) => [
    kind,
    fixed(v.medianMs, 0),
    kind === 'fastify-fixed' ? '(baseline)' : `${fixed(v.medianMs / base, 2)}× bare Fastify`,
  ])
  return table(['server start (spawn → listening line)', 'median ms', 'ratio'], rows)
}

function memoryTable(results) {
  const m = results.memory
  const oidc = m['oidc-provider']
  const rows = Object.entries(m).map(([name, v]) => [
    name,
    fixed(v.atRestMiB, 0),
    fixed(v.idleMiB, 0),
    fixed(v.underLoadPeakMiB, 0),
    fixed(v.afterLoadMiB, 0),
    name.startsWith('gatehouse') && oidc
      ? `${fixed(v.atRestMiB / oidc.atRestMiB, 2)}× / ${fixed(v.underLoadPeakMiB / oidc.underLoadPeakMiB, 2)}×`
      : '',
  ])
  return table(
    [
      'RSS (VmRSS)',
      'at rest MiB',
      'idle 15 s MiB',
      'peak under load MiB',
      'after load MiB',
      'vs oidc-provider (rest / load)',
    ],
    rows,
  )
}

export function renderReport(results) {
  const { machine, settings } = results
  const parts = [
    `Gatehouse bench — ${results.mode} mode, ${results.date}`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}.`,
    `Load: autocannon, ${settings.connections} connections; per scenario a ${settings.warmupS} s warm-up, then ${settings.slices} slices of ${settings.sliceS} s interleaved with the other scenarios, ${settings.rounds} round(s)` +
      (settings.rounds > 1 ? ' (medians over rounds; ratios taken inside each round)' : '') +
      '. Figures are ratios from one run on a shared machine; absolute req/s are this machine’s.',
    `Other processes on the machine took a median ${fixed(results.backgroundCores, 2)} of the ${machine.cores} cores during the load runs.`,
    '',
    loadTable(results),
    '',
    cpuTable(results),
    '',
    ceilingTable(results),
    '',
    againstCeilingsTable(results),
    '',
    startupTable(results),
    '',
    memoryTable(results),
  ]
  if (results.seed) {
    const s = results.seed
    parts.push(
      '',
      s.unavailable
        ? `Exchange list: ${s.unavailable}`
        : `Exchange list: ${int(s.recorded)} exchanges recorded by firing real requests in ${fixed(s.seconds, 1)} s${
            s.indexSeconds == null
              ? ''
              : s.indexPending
                ? `; ${int(s.indexPending)} still not in the search index after ${fixed(s.indexSeconds, 0)} s`
                : `; the search index held them all ${fixed(s.indexSeconds, 1)} s later`
          }.`,
    )
  }
  if (results.notes.length) parts.push('', ...results.notes.map((n) => `Note: ${n}`))
  return parts.join('\n')
}
