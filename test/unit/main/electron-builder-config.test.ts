import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')

interface BuilderConfig {
  appId?: string
  productName?: string
  directories?: { output?: string }
  files?: string[]
  asar?: boolean
  asarUnpack?: string[]
  npmRebuild?: boolean
  electronFuses?: Record<string, boolean>
  linux?: { target?: string[] }
  mac?: { target?: string[] }
  win?: { target?: string[] }
}

/**
 * js-yaml comes with electron-builder (a transitive dependency, no types). If it ever stops
 * being installed, the electronFuses block is read line by line instead.
 */
function readConfig(): BuilderConfig {
  try {
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(source: string): unknown }
    return yaml.load(text) as BuilderConfig
  } catch {
    const fuses: Record<string, boolean> = {}
    const block = /^electronFuses:\n((?: {2}.*\n)+)/m.exec(text)?.[1] ?? ''
    for (const [, key, value] of block.matchAll(/^ {2}(\w+): (true|false)$/gm)) {
      if (key) fuses[key] = value === 'true'
    }
    return { electronFuses: fuses }
  }
}

const config = readConfig()

describe('electron-builder.yml', () => {
  it('flips the security fuses (E17)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it.runIf(config.appId !== undefined)('identifies and packages the app', () => {
    expect(config.appId).toBe('dev.gatehouse.workbench')
    expect(config.productName).toBe('Gatehouse')
    expect(config.directories?.output).toBe('dist')
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json']))
    expect(config.asar).not.toBe(false)
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['resources/**', expect.stringMatching(/better-sqlite3.*\.node$/)]),
    )
    expect(config.npmRebuild).toBe(true)
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it('uses only fuse names electron-builder knows', () => {
    const types = readFileSync(
      createRequire(path.join(root, 'package.json')).resolve(
        'app-builder-lib/out/configuration.d.ts',
      ),
      'utf8',
    )
    const known = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? ''
    for (const name of Object.keys(config.electronFuses ?? {})) {
      expect(known, name).toMatch(new RegExp(`\\b${name}\\?:`))
    }
  })
})
