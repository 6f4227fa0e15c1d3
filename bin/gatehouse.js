#!/usr/bin/env node
'use strict'
// Launcher for the `gatehouse` command: runs the CLI bundle that `npm install` builds
// (the prepare script) into out/cli. It is CommonJS (bin/package.json) because libuv reads
// UV_THREADPOOL_SIZE when the pool first starts, and an ES module is itself read through the
// pool: only a CommonJS launcher runs before it starts.
const { existsSync } = require('node:fs')
const { availableParallelism } = require('node:os')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')
const { threadpoolSize } = require('./threadpool.cjs')

const bundle = join(__dirname, '../out/cli/index.js')
if (!existsSync(bundle)) {
  process.stderr.write(
    'gatehouse: the CLI is not built yet. Run `npm install` (or `npm run build`) first.\n',
  )
  process.exit(1)
}
const size = threadpoolSize(process.env, availableParallelism())
if (size !== null) process.env.UV_THREADPOOL_SIZE = String(size)
import(pathToFileURL(bundle).href).catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`)
  process.exit(1)
})
