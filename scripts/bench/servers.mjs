// The servers the scenarios run against, by the key each scenario names: the baselines, and
// `gatehouse serve` with the options a scenario needs (recorder off, recorder limits raised).
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startGatehouse, startServer } from './children.mjs'
import { TRACE_SERVER_ARGS } from './scenarios/trace.mjs'

const baselineScript = (name) => fileURLToPath(new URL(`./baselines/${name}.mjs`, import.meta.url))

export const BASELINE_SCRIPTS = {
  fastify: baselineScript('fastify-fixed'),
  minimal: baselineScript('minimal-token'),
  minimalOpaque: baselineScript('minimal-opaque'),
  oidc: baselineScript('oidc-provider'),
}

/** `label` names the server in the memory table; `gatehouseArgs` marks a Gatehouse. */
export const SERVERS = {
  fastify: {
    label: 'fastify-fixed',
    start: () => startServer({ name: 'fastify', script: BASELINE_SCRIPTS.fastify }),
  },
  minimal: {
    label: 'minimal-token',
    start: () => startServer({ name: 'minimal', script: BASELINE_SCRIPTS.minimal }),
  },
  minimalOpaque: {
    label: 'minimal-opaque',
    start: ({ tmpDir }) =>
      startServer({
        name: 'minimalOpaque',
        script: BASELINE_SCRIPTS.minimalOpaque,
        args: [mkdtempSync(join(tmpDir, 'minimal-opaque-'))],
      }),
  },
  oidc: {
    label: 'oidc-provider',
    start: () => startServer({ name: 'oidc', script: BASELINE_SCRIPTS.oidc }),
  },
  gatehouse: { label: 'gatehouse', gatehouseArgs: [] },
  // The recorder-on twin of gatehouseNoRecorder: it serves only the client-credentials run, so
  // both hold the same kind and number of token rows when their throughput is compared.
  gatehouseCc: { label: 'gatehouse (client credentials only)', gatehouseArgs: [] },
  gatehouseNoRecorder: { label: 'gatehouse --no-recorder', gatehouseArgs: ['--no-recorder'] },
  // The JWT twins, each serving only the JWT run, for the same reason: until the tenth run of
  // 2026-12-06 the recorder-on JWT run shared its server with the password and REST runs, so
  // it was measured on about three times its twin's token rows (docs/benchmarks.md).
  gatehouseJwt: { label: 'gatehouse (JWT only)', gatehouseArgs: [] },
  gatehouseJwtNoRecorder: {
    label: 'gatehouse --no-recorder (JWT only)',
    gatehouseArgs: ['--no-recorder'],
  },
  gatehouseTrace: { label: 'gatehouse (100k exchanges)', gatehouseArgs: TRACE_SERVER_ARGS },
}

/** Starts the servers named, all at once (start times are measured separately). */
export async function startServers(keys, { tmpDir, workspaceFile }) {
  const started = await Promise.all(
    keys.map((key) => {
      const spec = SERVERS[key]
      if (spec.start) return spec.start({ tmpDir })
      return startGatehouse({
        name: key,
        data: mkdtempSync(join(tmpDir, `${key}-`)),
        workspace: workspaceFile,
        extraArgs: spec.gatehouseArgs,
      })
    }),
  )
  return Object.fromEntries(keys.map((key, i) => [key, started[i]]))
}
