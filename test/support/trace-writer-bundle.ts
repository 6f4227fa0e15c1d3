import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { rawText } from '../../scripts/esbuild-raw-text.mjs'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// Inside the repository, so the bundle's external packages resolve from node_modules.
const bundleDir = join(repo, 'node_modules/.cache/gatehouse-tests')
let built: Promise<string> | undefined

/**
 * Bundles a TypeScript entry point (sources from the repository) into one ESM file that a
 * worker thread or a child process can run; packages stay external. `name` keeps bundles of
 * different entries (and of parallel test processes) apart.
 */
export async function bundleEntry(entry: string, name: string): Promise<string> {
  mkdirSync(bundleDir, { recursive: true })
  const outfile = join(bundleDir, `${name}-${process.pid}.mjs`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
    plugins: [rawText],
  })
  return outfile
}

/**
 * The recorder's writer thread bundled the way scripts/build-cli.mjs bundles it, from the
 * current sources (a worker thread cannot load TypeScript): tests pass it as
 * `traceWriterScript` to run the recorder as the CLI and the desktop app do.
 */
export function traceWriterScript(): Promise<string> {
  built ??= bundleEntry(join(repo, 'src/core/trace/writer-thread.ts'), 'trace-writer')
  return built
}
