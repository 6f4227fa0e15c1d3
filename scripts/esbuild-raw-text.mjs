import { readFile } from 'node:fs/promises'

/**
 * `import text from './file?raw'` (Vite's convention, which the engine uses for text files it
 * bundles, such as the demo key) as the file's text, for esbuild builds of the engine.
 */
export const rawText = {
  name: 'raw-text',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw-text',
    }))
    build.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }))
  },
}
