#!/usr/bin/env node
// Launcher for the `gatehouse` command: runs the CLI bundle that `npm install` builds
// (the prepare script) into out/cli.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const bundle = fileURLToPath(new URL('../out/cli/index.js', import.meta.url))
if (!existsSync(bundle)) {
  process.stderr.write('gatehouse: the CLI is not built yet. Run `npm install` (or `npm run build`) first.\n')
  process.exit(1)
}
await import(pathToFileURL(bundle).href)
