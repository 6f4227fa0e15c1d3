import type { CatalogEntry } from '../../../shared/catalog-api'
import { parseScenario } from '../parse'
import type { Expect, Matcher, Scenario, ScenarioStep } from '../schema'
import { CATALOG_FILES } from './files'

/**
 * The bundled catalog (resources/scenarios) as entries for the Errors view and the Why tab's
 * link. Each file's description reads "When: … What the user sees: … Fix: …" (a unit test
 * holds every file to it), so the view can show the three parts apart.
 */

export interface CatalogScenario {
  entry: CatalogEntry
  scenario: Scenario
}

let cache: CatalogScenario[] | null = null

export function catalog(): CatalogScenario[] {
  cache ??= CATALOG_FILES.map(({ id, document }) => {
    const scenario = parseScenario(document)
    return { entry: entryOf(id, scenario), scenario }
  })
  return cache
}

export function catalogEntry(id: string): CatalogScenario | undefined {
  return catalog().find((item) => item.entry.id === id)
}

export function entryOf(id: string, scenario: Scenario): CatalogEntry {
  const refusal = lastRefusal(scenario.steps)
  const parts = describe(scenario.description ?? '')
  const flows = new Set<string>()
  const apps = new Set<string>()
  const users = new Set<string>()
  for (const step of scenario.steps) {
    if ('flow' in step) {
      flows.add(step.flow)
      apps.add(step.app)
      if (step.user) users.add(step.user)
    }
  }
  return {
    id,
    title: scenario.name,
    error: exact(refusal?.error) ?? exact(refusal?.errorCode) ?? '',
    errorDescription: exact(refusal?.error_description) ?? exact(refusal?.message) ?? null,
    status: refusal?.status ?? null,
    failedStep: exact(refusal?.failedStep) ?? null,
    flows: [...flows],
    tags: scenario.tags ?? [],
    ...parts,
    needs: { apps: [...apps], users: [...users] },
  }
}

/** The expectation of the catalog's error: the last one in the file that names an error. */
function lastRefusal(steps: ScenarioStep[]): Expect | undefined {
  let found: Expect | undefined
  for (const step of steps) {
    const expect = 'expect' in step ? step.expect : undefined
    const list = expect === undefined ? [] : Array.isArray(expect) ? expect : [expect]
    for (const one of list) if (one.error !== undefined || one.errorCode !== undefined) found = one
  }
  return found
}

function exact(matcher: Matcher | undefined): string | undefined {
  return typeof matcher === 'string' ? matcher : undefined
}

const SEES = 'What the user sees:'
const FIX = 'Fix:'

export function describe(description: string): Pick<CatalogEntry, 'when' | 'sees' | 'fix'> {
  const seesAt = description.indexOf(SEES)
  const fixAt = description.indexOf(FIX, Math.max(seesAt, 0))
  if (!description.startsWith('When:') || seesAt < 0 || fixAt < 0) {
    return { when: description.trim(), sees: '', fix: '' }
  }
  return {
    when: sentence(description.slice('When:'.length, seesAt)),
    sees: sentence(description.slice(seesAt + SEES.length, fixAt)),
    fix: sentence(description.slice(fixAt + FIX.length)),
  }
}

/** The files write "When: the app…"; shown apart, each part starts a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim()
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
}
