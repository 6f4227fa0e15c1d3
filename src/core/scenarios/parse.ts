import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import { parseDuration } from '../policy/clock'
import {
  formatPath,
  plainErrorMap,
  ROOT_PATH,
  toWorkspaceIssues,
  WorkspaceValidationError,
  type WorkspaceIssue,
} from '../workspace/errors'
import { demoWorkspace } from '../workspace/demo'
import { parseWorkspace } from '../workspace/parse'
import type { Workspace } from '../workspace/types'
import { scenarioSchema, STEP_KINDS, type Scenario, type StepKind } from './schema'

/** A scenario that does not validate: every problem, first one first, with its JSON path. */
export class ScenarioValidationError extends Error {
  constructor(
    readonly issues: WorkspaceIssue[],
    readonly file?: string,
  ) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'))
    this.name = 'ScenarioValidationError'
  }
}

/** A scenario ready to run: its steps, the workspace it runs on (setup applied), its clock. */
export interface LoadedScenario {
  /** The file it came from (absolute), or null for one given inline. */
  file: string | null
  scenario: Scenario
  workspace: Workspace
  /** The virtual clock at the start: `at` (ms) plus `offsetMs`, or now plus `offsetMs`. */
  clock: { offsetMs: number; at: number | null; frozen: boolean }
}

const KIND_NAMES = Object.keys(STEP_KINDS) as StepKind[]

/**
 * Validates a scenario document. Steps are told apart by the key that names what they do
 * (`flow`, `clock`, `request` …), then checked against that kind alone, so a misspelt field
 * is reported where it is (`steps[2].expect.eror: unknown field`) instead of as "matches
 * none of the step kinds".
 */
export function parseScenario(input: unknown): Scenario {
  const issues: WorkspaceIssue[] = []
  const loose = scenarioSchema.extend({ steps: z.array(z.unknown()).min(1) })
  const top = loose.safeParse(input, { error: plainErrorMap })
  if (!top.success) issues.push(...toWorkspaceIssues(top.error.issues))
  const steps = (input as { steps?: unknown } | null)?.steps
  if (Array.isArray(steps)) {
    steps.forEach((step, index) => issues.push(...stepIssues(step, index)))
  }
  if (issues.length > 0) throw new ScenarioValidationError(issues)
  return scenarioSchema.parse(input, { error: plainErrorMap })
}

function stepIssues(step: unknown, index: number): WorkspaceIssue[] {
  const at = (...path: PropertyKey[]) => formatPath(['steps', index, ...path])
  if (typeof step !== 'object' || step === null || Array.isArray(step)) {
    return [
      { path: at(), message: `expected a step (an object with one of ${KIND_NAMES.join(', ')})` },
    ]
  }
  const kinds = KIND_NAMES.filter((kind) => kind in step)
  if (kinds.length === 0) {
    return [
      { path: at(), message: `expected a step: an object with one of ${KIND_NAMES.join(', ')}` },
    ]
  }
  if (kinds.length > 1) {
    return [
      {
        path: at(kinds[1]!),
        message: `a step does one thing: ${kinds[0]} is already given`,
      },
    ]
  }
  const result = STEP_KINDS[kinds[0]!].safeParse(step, { error: plainErrorMap })
  if (result.success) return []
  return toWorkspaceIssues(
    result.error.issues.map((issue) => ({ ...issue, path: ['steps', index, ...issue.path] })),
  )
}

/** parseScenario for JSON text; a syntax error is reported at (root). */
export function parseScenarioJson(text: string): Scenario {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).replace(
      /\s*\n\s*/g,
      ' ',
    )
    throw new ScenarioValidationError([{ path: ROOT_PATH, message: `invalid JSON: ${detail}` }])
  }
  return parseScenario(input)
}

/** Reads and validates a scenario file, resolving its workspace and applying its setup. */
export function loadScenarioFile(file: string): LoadedScenario {
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ScenarioValidationError(
      [
        {
          path: ROOT_PATH,
          message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        },
      ],
      path,
    )
  }
  try {
    return prepareScenario(parseScenarioJson(text), dirname(path), path)
  } catch (error) {
    if (error instanceof ScenarioValidationError)
      throw new ScenarioValidationError(error.issues, path)
    throw error
  }
}

/**
 * Resolves the scenario's workspace (a file relative to `baseDir`, inline, or the demo one),
 * merges the setup's changes into it and validates the result.
 */
export function prepareScenario(
  scenario: Scenario,
  baseDir: string,
  file: string | null = null,
): LoadedScenario {
  let document: Record<string, unknown>
  const ref = scenario.workspace
  if (ref === undefined)
    document = structuredClone(demoWorkspace()) as unknown as Record<string, unknown>
  else if (typeof ref === 'string') {
    const wsFile = resolve(baseDir, ref)
    try {
      document = JSON.parse(readFileSync(wsFile, 'utf8')) as Record<string, unknown>
    } catch (error) {
      throw new ScenarioValidationError([
        { path: 'workspace', message: `cannot read ${ref} as JSON (${(error as Error).message})` },
      ])
    }
  } else document = structuredClone(ref)

  const setup = scenario.setup ?? {}
  const issues: WorkspaceIssue[] = []
  if (setup.org) document.org = deepMerge(document.org, setup.org)
  const byName = (section: 'apps' | 'users' | 'profiles', key: string) => {
    const changes = setup[section]
    if (!changes) return
    const list = Array.isArray(document[section])
      ? (document[section] as Array<Record<string, unknown>>)
      : []
    for (const [name, fields] of Object.entries(changes)) {
      const index = list.findIndex((item) => item[key] === name)
      if (index < 0) {
        issues.push({
          path: formatPath(['setup', section, name]),
          message: `the workspace has no ${section.slice(0, -1)} ${key === 'username' ? 'with the username' : 'named'} ${name}`,
        })
        continue
      }
      list[index] = deepMerge(list[index], fields) as Record<string, unknown>
    }
  }
  byName('apps', 'name')
  byName('users', 'username')
  byName('profiles', 'name')
  const simulation = { ...((document.simulation as Record<string, unknown> | undefined) ?? {}) }
  if (setup.clientIp !== undefined) simulation.clientIp = setup.clientIp
  if (setup.appClientIps) simulation.appClientIps = setup.appClientIps
  if (setup.userClientIps) simulation.userClientIps = setup.userClientIps
  document.simulation = simulation
  if (setup.faults) {
    document.faults = [...((document.faults as unknown[] | undefined) ?? []), ...setup.faults]
  }
  if (issues.length > 0) throw new ScenarioValidationError(issues)

  let workspace: Workspace
  try {
    workspace = parseWorkspace(document)
  } catch (error) {
    if (!(error instanceof WorkspaceValidationError)) throw error
    throw new ScenarioValidationError(
      error.issues.map((issue) => ({
        path: `workspace${issue.path === ROOT_PATH ? '' : issue.path.startsWith('[') ? issue.path : `.${issue.path}`}`,
        message: issue.message,
      })),
    )
  }

  let offsetMs = (workspace.simulation.clockOffsetSeconds ?? 0) * 1000
  let frozen = false
  let at: number | null = null
  const clock = setup.clock
  if (typeof clock === 'string') offsetMs = parseDuration(clock)!
  else if (clock) {
    if (clock.at !== undefined) {
      at = Date.parse(clock.at)
      offsetMs = 0
    }
    if (clock.offset !== undefined) offsetMs = parseDuration(clock.offset)!
    frozen = clock.frozen ?? at !== null
  }
  return { file, scenario, workspace, clock: { offsetMs, at, frozen } }
}

/** Objects merge field by field; anything else (arrays included) replaces. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch)
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) out[key] = deepMerge(base[key], value)
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
