import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { InvalidArgumentError } from 'commander'
import {
  findScenarioFiles,
  invalidFilesText,
  jsonReport,
  junitReport,
  loadScenarioFiles,
  runSuite,
  specReport,
  type TestReport,
} from '../core/scenarios'
import { CliError, EXIT } from './errors'

/**
 * `gatehouse test [FILES or DIRS…]`: runs scenario files headless, each on an engine of its
 * own, and reports like a test runner. Exit 0 all passed, 1 any failed, 2 a file invalid or
 * unreadable (nothing runs then).
 */

export const REPORTERS = ['spec', 'junit', 'json'] as const
export type Reporter = (typeof REPORTERS)[number]

export interface TestOptions {
  paths: string[]
  reporter: Reporter
  output?: string
  jobs?: number
  bail: boolean
}

export function parseReporter(value: string): Reporter {
  if (!(REPORTERS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${REPORTERS.join(', ')}`)
  }
  return value as Reporter
}

export function parseJobs(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 256) {
    throw new InvalidArgumentError('expected a whole number from 1 to 256')
  }
  return n
}

export async function runTests(
  options: TestOptions,
  print: (text: string) => void,
  printError: (text: string) => void,
): Promise<number> {
  const { files, missing } = findScenarioFiles(options.paths.length ? options.paths : ['.'])
  if (files.length === 0 && missing.length === 0) {
    throw new CliError(
      `no scenario files (*.json) under ${options.paths.join(', ') || '.'}`,
      EXIT.invalidInput,
    )
  }
  const { scenarios, invalid } = loadScenarioFiles(files, missing)
  if (invalid.length > 0) {
    printError(
      `gatehouse test: ${invalid.length} invalid scenario file${invalid.length > 1 ? 's' : ''}; nothing was run\n`,
    )
    printError(invalidFilesText(invalid) + '\n')
    return EXIT.invalidInput
  }
  const report = await runSuite(scenarios, {
    ...(options.jobs ? { jobs: options.jobs } : {}),
    bail: options.bail,
  })
  const text = render(options.reporter, report)
  if (options.output) {
    writeFileSync(resolve(options.output), text)
    // The spec summary still goes to the terminal so a person sees what happened.
    if (options.reporter !== 'spec') print(specReport(report))
  } else print(text)
  return report.results.every((r) => r.status === 'passed') ? EXIT.ok : EXIT.failure
}

function render(reporter: Reporter, report: TestReport): string {
  switch (reporter) {
    case 'junit':
      return junitReport(report)
    case 'json':
      return jsonReport(report)
    default:
      return specReport(report)
  }
}
