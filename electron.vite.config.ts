import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// One build for the desktop app: the main process (which embeds the core engine), the
// sandboxed preload, and the React renderer. The renderer is built with a relative base so
// the same files are served by `gatehouse serve` under /_gatehouse/ and by the app:// scheme.
export default defineConfig({
  // Main: ESM (package.json "type": "module"); dependencies (better-sqlite3, fastify, …) stay
  // external and load from node_modules / app.asar; src/core is bundled in.
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // Two entries: the main process, and the recorder's writer thread it starts.
      lib: {
        entry: {
          index: resolve('src/main/index.ts'),
          'trace-writer': resolve('src/core/trace/writer-thread.ts'),
        },
        formats: ['es'],
      },
    },
  },
  // Preload: runs sandboxed (sandbox: true), where only CommonJS and require('electron') work.
  // So: one self-contained CommonJS file, out/preload/index.cjs (the .cjs extension keeps it
  // CommonJS inside a "type": "module" package), nothing externalized but electron.
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      lib: { entry: resolve('src/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs', codeSplitting: false } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; browsers load it over HTTP from
      // `gatehouse serve` too, so minify it (1.3 MB → about 0.5 MB).
      minify: true,
      // One bundle on purpose (it is loaded from the local disk or loopback): Mantine and the
      // icons alone exceed Vite's 500 kB advice.
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
})
