// Command-line options of scripts/bench.mjs, and the choice of scenarios they make.
import { parseArgs } from 'node:util'

export function parseOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      full: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-scenario': { type: 'string', multiple: true, default: [] },
    },
  })
  return {
    mode: values.full ? 'full' : 'quick',
    only: values.only ? values.only.split(',').map((s) => s.trim()) : null,
    // A partial run is not a result worth keeping.
    write: !values['no-write'] && !values.only,
    profileMisses: values.profile,
    profileScenarios: values['profile-scenario'],
  }
}

/** What each scenario is compared with, so `--only` keeps its baselines. */
function baselinesOf(id) {
  if (id === 'gatehouse.cc-opaque.recorder-on') {
    return ['baseline.oidc-provider', 'gatehouse.cc-opaque.recorder-off', 'baseline.minimal-opaque']
  }
  if (id === 'baseline.minimal-opaque') return ['baseline.oidc-provider']
  if (id.startsWith('gatehouse.cc') || id.startsWith('gatehouse.password')) {
    return ['baseline.oidc-provider']
  }
  if (id.startsWith('gatehouse.rest') || id.startsWith('gatehouse.admin')) {
    return ['baseline.fastify-fixed']
  }
  if (id === 'baseline.minimal-token' || id === 'baseline.oidc-provider') {
    return ['baseline.minimal-token']
  }
  return []
}

/** The scenarios whose id starts with one of `only` (all when null), and their baselines. */
export function selectScenarios(all, only) {
  if (!only) return all
  const wanted = new Set(all.filter((s) => only.some((p) => s.id.startsWith(p))).map((s) => s.id))
  for (const id of [...wanted]) baselinesOf(id).forEach((b) => wanted.add(b))
  return all.filter((s) => wanted.has(s.id))
}
