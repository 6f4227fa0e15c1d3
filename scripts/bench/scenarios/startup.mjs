// Server start: from spawning the process to its "listening on" line, for Gatehouse on a new
// data folder (loading the bench workspace, 10k records), on an existing one (the everyday
// start), and for the bare Fastify and oidc-provider baselines started the same way.
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { startGatehouse, startServer, stopServer } from '../children.mjs'
import { median } from '../stats.mjs'

export async function measureStartup({ reps, tmpDir, workspaceFile, baselineScripts }) {
  const warmData = mkdtempSync(join(tmpDir, 'startup-warm-'))
  // The warm folder gets its database once, before the timed starts.
  await stopServer(await startGatehouse({ data: warmData, workspace: workspaceFile }))

  const kinds = {
    'fastify-fixed': () => startServer({ name: 'fastify', script: baselineScripts.fastify }),
    'oidc-provider': () => startServer({ name: 'oidc', script: baselineScripts.oidc }),
    'gatehouse.new-data': () =>
      startGatehouse({ data: mkdtempSync(join(tmpDir, 'startup-new-')), workspace: workspaceFile }),
    'gatehouse.existing-data': () => startGatehouse({ data: warmData }),
  }
  const samples = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]))
  // Interleaved, so a noisy moment hits every kind rather than one.
  for (let i = 0; i < reps; i++) {
    for (const [kind, start] of Object.entries(kinds)) {
      const server = await start()
      samples[kind].push(server.startMs)
      await stopServer(server)
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([kind, ms]) => [kind, { medianMs: median(ms), samplesMs: ms }]),
  )
}
