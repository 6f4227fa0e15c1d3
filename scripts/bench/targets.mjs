// What each scenario is compared with. Every figure is a ratio of two measurements taken in
// the same run (the same round, in full mode), because absolute numbers on a shared machine
// say little. `min`/`max` is the target from issue 9; a comparison without one is for reading.

/** The row each scenario gets in the table: its ratio against one baseline. */
export const COMPARISONS = [
  { scenario: 'baseline.fastify-fixed', against: null },
  { scenario: 'baseline.minimal-token', against: 'jose.concurrent', name: 'jose RS256 loop' },
  {
    scenario: 'baseline.minimal-opaque',
    against: 'baseline.oidc-provider',
    name: 'oidc-provider',
  },
  { scenario: 'baseline.oidc-provider', against: 'baseline.minimal-token', name: 'minimal token' },
  {
    scenario: 'gatehouse.cc-opaque.recorder-on',
    against: 'baseline.oidc-provider',
    name: 'oidc-provider',
    min: 3,
  },
  {
    scenario: 'gatehouse.cc-opaque.recorder-off',
    against: 'baseline.oidc-provider',
    name: 'oidc-provider',
  },
  {
    id: 'gatehouse.recorder-overhead',
    title: 'recorder overhead: 1 − (recorder on ÷ off)',
    scenario: 'gatehouse.cc-opaque.recorder-on',
    against: 'gatehouse.cc-opaque.recorder-off',
    kind: 'overhead',
    max: 0.15,
  },
  {
    scenario: 'gatehouse.cc-jwt',
    against: 'baseline.oidc-provider',
    name: 'oidc-provider',
    min: 1.2,
  },
  {
    scenario: 'gatehouse.cc-jwt.recorder-off',
    against: 'baseline.oidc-provider',
    name: 'oidc-provider',
  },
  { scenario: 'gatehouse.password', against: 'baseline.oidc-provider', name: 'oidc-provider' },
  {
    scenario: 'gatehouse.rest-query.scan',
    against: 'baseline.fastify-fixed',
    name: 'bare Fastify',
    min: 0.3,
  },
  {
    scenario: 'gatehouse.rest-query.scan.recorder-off',
    against: 'baseline.fastify-fixed',
    name: 'bare Fastify',
  },
  {
    scenario: 'gatehouse.rest-query.page',
    against: 'baseline.fastify-fixed',
    name: 'bare Fastify',
  },
  { scenario: 'gatehouse.rest-record', against: 'baseline.fastify-fixed', name: 'bare Fastify' },
  {
    scenario: 'gatehouse.admin-exchanges.page',
    against: 'baseline.fastify-fixed',
    name: 'bare Fastify',
  },
  {
    scenario: 'gatehouse.admin-exchanges.search',
    against: 'baseline.fastify-fixed',
    name: 'bare Fastify',
  },
]

/** How far each Gatehouse path is from the most that kind of server reaches here. */
export const CEILING_COMPARISONS = [
  {
    id: 'ceiling.cc-opaque.recorder-on',
    scenario: 'gatehouse.cc-opaque.recorder-on',
    against: 'baseline.minimal-opaque',
    name: 'minimal opaque',
  },
  {
    id: 'ceiling.cc-opaque.recorder-off',
    scenario: 'gatehouse.cc-opaque.recorder-off',
    against: 'baseline.minimal-opaque',
    name: 'minimal opaque',
  },
  {
    id: 'ceiling.cc-jwt',
    scenario: 'gatehouse.cc-jwt',
    against: 'baseline.minimal-token',
    name: 'minimal token',
  },
  {
    id: 'ceiling.cc-jwt.recorder-off',
    scenario: 'gatehouse.cc-jwt.recorder-off',
    against: 'baseline.minimal-token',
    name: 'minimal token',
  },
  {
    id: 'ceiling.minimal-opaque',
    scenario: 'baseline.minimal-opaque',
    against: 'baseline.fastify-fixed',
    name: 'bare Fastify',
  },
]

/** ratio: scenario ÷ baseline req/s; overhead: 1 − that. */
export function compare(comparison, rate, baselineRate) {
  if (!(rate > 0) || !(baselineRate > 0)) return null
  const ratio = rate / baselineRate
  return comparison.kind === 'overhead' ? 1 - ratio : ratio
}

export function hasTarget(comparison) {
  return comparison.min !== undefined || comparison.max !== undefined
}

export function verdict(comparison, value) {
  if (!hasTarget(comparison)) return ''
  if (value === null || value === undefined) return 'n/a'
  if (comparison.min !== undefined) return value >= comparison.min ? 'pass' : 'MISS'
  return value <= comparison.max ? 'pass' : 'MISS'
}

// Small shares keep two significant digits ("0.013 %"), so they never read as zero.
const percent = (v, digits = 0) =>
  Math.abs(v) < 0.01 && v !== 0
    ? `${Number((v * 100).toPrecision(2))} %`
    : `${(v * 100).toFixed(digits)} %`

/** "3.41× oidc-provider", "31 % of bare Fastify", "8.2 %" (an overhead). */
export function ratioText(comparison, value) {
  if (value === null || value === undefined) return '–'
  if (comparison.kind === 'overhead') return percent(value, 1)
  return value < 1
    ? `${percent(value)} of ${comparison.name}`
    : `${value.toFixed(2)}× ${comparison.name}`
}

export function targetText(comparison) {
  if (!hasTarget(comparison)) return ''
  if (comparison.kind === 'overhead') return `≤ ${percent(comparison.max)}`
  return `≥ ${ratioText(comparison, comparison.min)}`
}
