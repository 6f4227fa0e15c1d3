// What the figures were measured on and with: machine, versions, commit.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { REPO_ROOT } from './children.mjs'

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(`${REPO_ROOT}node_modules/${name}/package.json`, 'utf8')).version
  } catch {
    return null
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

export function describeMachine() {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  }
}

export function describeVersions() {
  const own = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8'))
  return {
    gatehouse: own.version,
    ...Object.fromEntries(
      ['fastify', 'jose', 'better-sqlite3', 'oidc-provider', 'autocannon'].map((n) => [
        n,
        packageVersion(n),
      ]),
    ),
    commit: git(['rev-parse', '--short', 'HEAD']),
    // The tree is shared and often mid-change: say so, since the bundle measured is built from it.
    uncommittedChanges:
      (git(['status', '--porcelain', '--untracked-files=no', 'src']) ?? '') !== '',
  }
}
