#!/usr/bin/env node
// `npm start`: the desktop app where it can run, otherwise the same workbench headless.
//
// Desktop needs the Electron binary (absent when installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)
// and a display (Linux: DISPLAY or WAYLAND_DISPLAY; macOS and Windows always have one). Then:
// build if the output is missing or older than src/, switch better-sqlite3 to the Electron
// build (see native-binding.mjs: compiled once, then cached), run Electron on this folder,
// and switch better-sqlite3 back to Node when it exits.
// Headless: one line saying why, then `node bin/gatehouse.js serve <args>`.
// Either way signals are forwarded to the child and its exit code is ours. `--headless` forces
// headless; every other argument goes to the app / `gatehouse serve`.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { nativeSwitcher } from './native-binding.mjs'
import { decideStartMode, findElectronBinary } from './start-decision.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function electronPackageDir() {
  try {
    const require = createRequire(path.join(root, 'package.json'))
    return path.dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
}

/** Newest modification time of any file under `dir` (0 when absent). */
function newestMtime(dir) {
  let newest = 0
  if (!fs.existsSync(dir)) return newest
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath ?? entry.path, entry.name)
    newest = Math.max(newest, fs.statSync(file).mtimeMs)
  }
  return newest
}

/** `npm run build` when an output is missing or older than the sources. */
function ensureBuilt(outputs) {
  const files = outputs.map((output) => path.join(root, output))
  const missing = files.some((file) => !fs.existsSync(file))
  const stale =
    !missing &&
    newestMtime(path.join(root, 'src')) >
      Math.min(...files.map((file) => fs.statSync(file).mtimeMs))
  if (!missing && !stale) return
  console.log(`Gatehouse: ${missing ? 'no build found' : 'sources changed'} — building…`)
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** Runs `command`, forwarding signals, and resolves with its exit code. */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
    const lastForwarded = new Map()
    const forward = (signal) => {
      // Ctrl-C reaches the child from the terminal and again through npm: pass on one per burst.
      const now = Date.now()
      if (now - (lastForwarded.get(signal) ?? 0) < 500) return
      lastForwarded.set(signal, now)
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP']
    for (const signal of signals) process.on(signal, forward)
    child.on('error', (err) => {
      console.error(`Gatehouse: could not run ${command}: ${err.message}`)
      resolve(1)
    })
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward)
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 1) : 1))
    })
  })
}

async function main() {
  const electronBinary = findElectronBinary({
    electronDir: electronPackageDir(),
    env: process.env,
    fs,
  })
  const decision = decideStartMode({
    platform: process.platform,
    env: process.env,
    electronBinary,
    args: process.argv.slice(2),
  })
  const native = nativeSwitcher({ root, electronBinary })

  if (decision.mode === 'headless') {
    console.log(decision.message)
    ensureBuilt(['out/renderer/index.html', 'out/cli/index.js'])
    native.ensure('node')
    const cli = path.join(root, 'bin', 'gatehouse.js')
    return run(process.execPath, [cli, 'serve', ...decision.args])
  }

  ensureBuilt(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'])
  native.ensure('electron')
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const code = await run(decision.electronBinary, ['.', ...decision.args], env)
  try {
    native.ensure('node')
  } catch (err) {
    console.error(`Gatehouse: could not switch better-sqlite3 back to Node: ${err.message}`)
  }
  return code
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Gatehouse: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  },
)
