import { readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { extname, join, resolve } from 'node:path'
import { loadScenarioFile, ScenarioValidationError, type LoadedScenario } from './parse'
import type { InvalidFile, TestReport } from './reporters'
import { runScenario, type ScenarioResult } from './run'

/**
 * What `gatehouse test` runs: scenario files found from the paths given (a directory holds
 * every `.json` file under it, `*.workspace.json` excepted — those are workspaces scenarios
 * point at), validated before anything runs, then run a few at a time in this process.
 */

export function findScenarioFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = []
  const missing: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full)
      } else if (isScenarioFileName(entry.name)) files.push(full)
    }
  }
  for (const given of paths) {
    const path = resolve(given)
    let stat
    try {
      stat = statSync(path)
    } catch {
      missing.push(path)
      continue
    }
    if (stat.isDirectory()) walk(path)
    else files.push(path)
  }
  return { files: [...new Set(files)], missing }
}

export function isScenarioFileName(name: string): boolean {
  return extname(name) === '.json' && !name.endsWith('.workspace.json')
}

export interface LoadResult {
  scenarios: LoadedScenario[]
  invalid: InvalidFile[]
}

export function loadScenarioFiles(files: string[], missing: string[] = []): LoadResult {
  const scenarios: LoadedScenario[] = []
  const invalid: InvalidFile[] = missing.map((file) => ({
    file,
    issues: [{ path: '(root)', message: 'no such file or directory' }],
  }))
  for (const file of files) {
    try {
      scenarios.push(loadScenarioFile(file))
    } catch (error) {
      if (!(error instanceof ScenarioValidationError)) throw error
      invalid.push({ file, issues: error.issues })
    }
  }
  return { scenarios, invalid }
}

export interface RunSuiteOptions {
  /** Scenarios run at the same time (default: the number of cores). */
  jobs?: number
  /** Start no new scenario after one failed; the rest are reported skipped. */
  bail?: boolean
  /** Called as each scenario finishes. */
  onResult?(result: ScenarioResult): void
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism())
}

/** Runs the scenarios with a small pool; results keep the order of `scenarios`. */
export async function runSuite(
  scenarios: LoadedScenario[],
  options: RunSuiteOptions = {},
): Promise<TestReport> {
  const started = performance.now()
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), scenarios.length || 1))
  const results: ScenarioResult[] = new Array(scenarios.length)
  let nextIndex = 0
  let bailed = false
  const worker = async () => {
    for (;;) {
      const index = nextIndex++
      if (index >= scenarios.length) return
      const loaded = scenarios[index]!
      if (bailed) {
        results[index] = {
          file: loaded.file,
          name: loaded.scenario.name,
          status: 'skipped',
          durationMs: 0,
          steps: [],
        }
        continue
      }
      const result = await runScenario(loaded)
      results[index] = result
      if (result.status !== 'passed' && options.bail) bailed = true
      options.onResult?.(result)
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker))
  return { results, durationMs: performance.now() - started }
}
