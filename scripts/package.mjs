#!/usr/bin/env node
// `npm run package`: build, then package with electron-builder (electron-builder.yml).
// Native dependencies (better-sqlite3) are rebuilt for Electron by electron-builder itself
// (`npmRebuild: true`) — in node_modules, so the Node build is cached first and put back
// afterwards (see native-binding.mjs), leaving tests and the CLI working.
// Platforms: --linux / --mac / --win (or -l / -m / -w) pass through; none given → this
// machine's platform. Every other argument also passes through to electron-builder.
// Native modules cannot be cross-compiled: build each platform's package on that platform.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { nativeSwitcher } from './native-binding.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PLATFORM_FLAGS = ['--linux', '--mac', '--win', '-l', '-m', '-w', '--macos', '--windows']
const CURRENT = { linux: '--linux', darwin: '--mac', win32: '--win' }

function step(command, args) {
  console.log(`> ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const args = process.argv.slice(2)
const hasPlatform = args.some((arg) => PLATFORM_FLAGS.includes(arg))
const platformArgs = hasPlatform ? [] : [CURRENT[process.platform] ?? '--linux']

const native = nativeSwitcher({ root, electronBinary: null })
native.rememberNodeBuild()

step('npx', ['electron-vite', 'build'])
let status = 0
try {
  const result = spawnSync(
    'npx',
    ['electron-builder', '--config', 'electron-builder.yml', ...platformArgs, ...args],
    { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
  )
  status = result.status ?? 1
} finally {
  try {
    native.ensure('node')
  } catch (err) {
    console.error(`Gatehouse: could not switch better-sqlite3 back to Node: ${err.message}`)
  }
}
process.exit(status)
