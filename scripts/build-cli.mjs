// Bundles the CLI (src/cli + src/core) into out/cli/index.js for Node 20. Dependencies stay
// external: they are installed beside it, and better-sqlite3 is a native addon.
import { readFile } from 'node:fs/promises'
import { build } from 'esbuild'

// `import text from './file?raw'` (Vite's convention, used by the engine for bundled text
// files such as the demo key) as the file's text.
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw-text',
    }))
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }))
  },
}

await build({
  // The recorder's writer thread is a bundle of its own, beside the CLI (see src/core/trace).
  entryPoints: { index: 'src/cli/run.ts', 'trace-writer': 'src/core/trace/writer-thread.ts' },
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
