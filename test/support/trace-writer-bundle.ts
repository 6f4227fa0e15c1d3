import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// Inside the repository, so the bundle's external packages resolve from node_modules.
const bundleDir = join(repo, 'node_modules/.cache/gatehouse-tests')
let built: Promise<string> | undefined

/**
 * The recorder's writer thread bundled the way scripts/build-cli.mjs bundles it, from the
 * current sources (a worker thread cannot load TypeScript): tests pass it as
 * `traceWriterScript` to run the recorder as the CLI and the desktop app do.
 */
export function traceWriterScript(): Promise<string> {
  built ??= (async () => {
    mkdirSync(bundleDir, { recursive: true })
    const outfile = join(bundleDir, `trace-writer-${process.pid}.mjs`)
    await build({
      entryPoints: [join(repo, 'src/core/trace/writer-thread.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
    })
    return outfile
  })()
  return built
}
