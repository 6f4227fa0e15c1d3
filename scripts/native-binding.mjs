// Switches better-sqlite3's compiled binary between Node (tests, CLI, `gatehouse serve`) and
// Electron (the desktop app, packaging). `npm install` builds it for Node.
//
// Approach: rebuild only when switching, and only once per runtime version. Each build is
// kept in node_modules/.cache/gatehouse-native/<key>/ (key: node-abi115, electron-45.5.0…),
// so switching back and forth is a file copy. Whether the binary in place suits a runtime is
// not taken from a marker but checked: the runtime loads it (`ELECTRON_RUN_AS_NODE=1
// electron -e …` for Electron, as electron-builder's own rebuild check does in spirit).
// The start script switches to Electron before launching the app and back to Node when it
// exits, so `npm test` and the CLI keep working after a desktop session.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { nativeBuildKey, nativeSwitchAction } from './start-decision.mjs'

const PROBE = "const D = require('better-sqlite3'); new D(':memory:').close()"

/**
 * @param {{ root: string, electronBinary: string | null, log?: (line: string) => void }} options
 */
export function nativeSwitcher({ root, electronBinary, log = (line) => console.log(line) }) {
  const require = createRequire(path.join(root, 'package.json'))
  const packageDir = path.dirname(require.resolve('better-sqlite3/package.json'))
  const binding = path.join(packageDir, 'build', 'Release', 'better_sqlite3.node')
  const cacheRoot = path.join(root, 'node_modules', '.cache', 'gatehouse-native')
  const electronVersion = readElectronVersion(require)

  /** @param {'node' | 'electron'} runtime */
  function keyOf(runtime) {
    return runtime === 'node'
      ? nativeBuildKey({ runtime, abi: process.versions.modules })
      : nativeBuildKey({ runtime, version: electronVersion ?? 'unknown' })
  }

  /** @param {'node' | 'electron'} runtime */
  function loadsIn(runtime) {
    if (!existsSync(binding)) return false
    const exe = runtime === 'node' ? process.execPath : electronBinary
    if (!exe) return false
    const result = spawnSync(exe, ['-e', PROBE], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      timeout: 60_000,
    })
    return result.status === 0
  }

  /** @param {string} key */
  function cached(key) {
    return path.join(cacheRoot, key, 'better_sqlite3.node')
  }

  /** @param {string} key */
  function remember(key) {
    const file = cached(key)
    mkdirSync(path.dirname(file), { recursive: true })
    copyFileSync(binding, file)
  }

  /** @param {'node' | 'electron'} runtime */
  function rebuild(runtime) {
    log(
      `Gatehouse: building better-sqlite3 for ${runtime === 'node' ? 'Node' : `Electron ${electronVersion}`}…`,
    )
    const [command, args] =
      runtime === 'node'
        ? ['npm', ['rebuild', 'better-sqlite3']]
        : ['npx', ['electron-builder', 'install-app-deps']]
    const result = spawnSync(command, args, {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    })
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`)
  }

  /**
   * Makes the binary in place load in `runtime`.
   * @param {'node' | 'electron'} runtime
   */
  function ensure(runtime) {
    if (runtime === 'electron' && !electronBinary) throw new Error('No Electron binary')
    const key = keyOf(runtime)
    const action = nativeSwitchAction({
      loadsInTarget: loadsIn(runtime),
      cachedForTarget: existsSync(cached(key)),
    })
    if (action === 'ready') {
      if (!existsSync(cached(key))) remember(key)
      return
    }
    // Keep what is in place for the other runtime before replacing it.
    const other = runtime === 'node' ? 'electron' : 'node'
    if (!existsSync(cached(keyOf(other))) && loadsIn(other)) remember(keyOf(other))
    if (action === 'restore') {
      copyFileSync(cached(key), binding)
      if (loadsIn(runtime)) return
    }
    rebuild(runtime)
    if (!loadsIn(runtime)) throw new Error(`better-sqlite3 still does not load in ${runtime}`)
    remember(key)
  }

  /** Caches the binary in place if it is the Node build (before a rebuild elsewhere). */
  function rememberNodeBuild() {
    if (!existsSync(cached(keyOf('node'))) && loadsIn('node')) remember(keyOf('node'))
  }

  return { ensure, rememberNodeBuild }
}

/** @param {NodeJS.Require} require */
function readElectronVersion(require) {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
  } catch {
    return null
  }
}
