import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Static forms of the Electron checklist (E1, E2–E6, E8, E13–E15, E18, E12): the source
// text of src/main and src/preload, package.json and, when built, the preload bundle.

const root = path.resolve(import.meta.dirname, '../../..')

function sources(dir: string): Array<{ file: string; text: string }> {
  const abs = path.join(root, dir)
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(c|m)?[tj]s$/.test(entry.name))
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name)
      return { file: path.relative(root, file), text: readFileSync(file, 'utf8') }
    })
}

const mainFiles = sources('src/main')
const preloadFiles = sources('src/preload')
const all = [...mainFiles, ...preloadFiles]
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')

function offenders(pattern: RegExp, files = all): string[] {
  return files.filter(({ text }) => pattern.test(code(text))).map(({ file }) => file)
}

describe('static scan of src/main and src/preload', () => {
  it('finds the sources', () => {
    expect(mainFiles.map((f) => f.file)).toContain(path.join('src', 'main', 'index.ts'))
    expect(preloadFiles.map((f) => f.file)).toContain(path.join('src', 'preload', 'index.ts'))
  })

  it('never enables Node in the renderer (E2) or turns isolation / the sandbox off (E3, E4)', () => {
    expect(offenders(/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/)).toEqual([])
    expect(offenders(/contextIsolation\s*:\s*false/)).toEqual([])
    expect(offenders(/sandbox\s*:\s*false/)).toEqual([])
  })

  it('never weakens web security (E6)', () => {
    expect(offenders(/webSecurity\s*:\s*false/)).toEqual([])
    expect(offenders(/allowRunningInsecureContent\s*:\s*true/)).toEqual([])
    expect(offenders(/experimentalFeatures|enableBlinkFeatures/)).toEqual([])
  })

  it('loads only app:// content: no http(s) or file pages (E1, E16)', () => {
    expect(offenders(/loadURL\(\s*['"`](https?|file):/)).toEqual([])
    expect(offenders(/\.loadFile\(/)).toEqual([])
    expect(offenders(/registerFileProtocol|interceptFileProtocol|interceptHttpProtocol/)).toEqual(
      [],
    )
  })

  it('has no <webview> (E8) and refuses one if it is ever attached', () => {
    expect(offenders(/webviewTag\s*:\s*true/)).toEqual([])
    const guards = all.find(({ text }) => text.includes("'will-attach-webview'"))
    expect(guards, 'a will-attach-webview handler').toBeDefined()
    expect(code(guards?.text ?? '')).toMatch(
      /'will-attach-webview',\s*\(event\)\s*=>\s*\{\s*event\.preventDefault\(\)/,
    )
  })

  it('guards navigation, new windows and permissions (E5, E9, E10)', () => {
    const text = all.map((f) => code(f.text)).join('\n')
    for (const hook of [
      "'will-navigate'",
      "'will-frame-navigate'",
      "'will-redirect'",
      'setWindowOpenHandler(',
      'setPermissionRequestHandler(',
      'setPermissionCheckHandler(',
      'requestSingleInstanceLock(',
      "'web-contents-created'",
    ]) {
      expect(text, hook).toContain(hook)
    }
  })

  it('has no remote module (E15)', () => {
    expect(offenders(/@electron\/remote/)).toEqual([])
    expect(offenders(/import\s*\{[^}]*\bremote\b[^}]*\}\s*from\s*'electron'/)).toEqual([])
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@electron/remote')
  })

  it('does not silence security warnings (E18)', () => {
    expect(offenders(/ELECTRON_DISABLE_SECURITY_WARNINGS/)).toEqual([])
    expect(offenders(/ELECTRON_DISABLE_SECURITY_WARNINGS/, [...sources('scripts')])).toEqual([])
  })

  it('registers IPC only through the validating wrapper (E13)', () => {
    expect(offenders(/ipcMain\.on\(|ipcMain\.once\(/)).toEqual([])
    expect(offenders(/ipcMain\.handle(Once)?\(/)).toEqual([path.join('src', 'main', 'ipc.ts')])
  })

  it('keeps the decision functions free of Electron at runtime (they are unit-tested in Node)', () => {
    const policy = mainFiles.filter(({ file }) =>
      file.startsWith(path.join('src', 'main', 'policy')),
    )
    expect(policy.length).toBeGreaterThan(5)
    expect(offenders(/^import\s+(?!type\b)[^;]*from\s+'electron'/m, policy)).toEqual([])
    expect(offenders(/require\(\s*'electron'\s*\)/, policy)).toEqual([])
  })
})

describe('preload bridge (E14)', () => {
  const preload = code(readFileSync(path.join(root, 'src', 'preload', 'index.ts'), 'utf8'))

  it('imports only electron and its own contract', () => {
    const specifiers = [...preload.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1])
    expect(specifiers.sort()).toEqual(['./api', 'electron'])
  })

  it('exposes one object of named functions, never ipcRenderer or its events', () => {
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    expect(preload).toMatch(/exposeInMainWorld\('gatehouse',\s*bridge\)/)
    // Every use of ipcRenderer is an invoke on a fixed channel.
    const uses = [...preload.matchAll(/\bipcRenderer\b(.{0,40})/g)].map((m) => m[1] ?? '')
    const calls = uses.filter((rest) => !rest.startsWith(" } from 'electron'"))
    expect(calls.length).toBeGreaterThan(0)
    for (const rest of calls) expect(rest).toMatch(/^\.invoke\(IPC_CHANNELS\.\w+[,)]/)
    expect(preload).not.toMatch(
      /ipcRenderer\.(on|once|send|sendSync|sendTo|postMessage|addListener)\b/,
    )
    expect(preload).not.toMatch(/IpcRendererEvent/)
  })

  const bundle = path.join(root, 'out', 'preload', 'index.cjs')
  it.runIf(existsSync(bundle))('is bundled as CommonJS that requires only electron (E4)', () => {
    const text = readFileSync(bundle, 'utf8')
    expect([...text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual([
      'electron',
    ])
    expect(text).not.toMatch(/^\s*import\s/m)
    expect(text).not.toMatch(/^\s*export\s/m)
  })
})

describe('Electron version (E12)', () => {
  // Electron supports the latest three stable majors. Raise this floor with each upgrade; the
  // test then fails whenever package.json falls behind it.
  const OLDEST_ACCEPTED_MAJOR = 45

  it('package.json pins a supported major', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>
    }
    const major = Number(/(\d+)\./.exec(pkg.devDependencies.electron ?? '')?.[1])
    expect(major).toBeGreaterThanOrEqual(OLDEST_ACCEPTED_MAJOR)
  })
})
