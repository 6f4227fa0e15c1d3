// Bundles the CLI (src/cli + src/core) into out/cli/index.js for Node 20. Dependencies stay
// external: they are installed beside it, and better-sqlite3 is a native addon.
import { build } from 'esbuild'
import { rawText } from './esbuild-raw-text.mjs'

await build({
  // The threads the CLI starts are bundles of their own, beside it: the recorder's writer
  // (src/core/trace) and the workspace-file loader (src/core/workspace/file-loader.ts).
  entryPoints: {
    index: 'src/cli/run.ts',
    'trace-writer': 'src/core/trace/writer-thread.ts',
    'workspace-loader': 'src/core/workspace/file-loader-thread.ts',
  },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [rawText],
})
