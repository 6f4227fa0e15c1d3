/**
 * The catalog of Salesforce OAuth errors as the admin API serves it (the Errors view): each
 * entry is one scenario file of resources/scenarios, its description split into when it
 * happens, what the user sees and the fix.
 */

export interface CatalogEntry {
  /** The scenario's file name without `.json` (`invalid_client_id`). */
  id: string
  /** The scenario's name. */
  title: string
  /** OAuth `error` or REST `errorCode` the failing exchange answers. */
  error: string
  /** OAuth `error_description` or REST `message`, when the scenario fixes it exactly. */
  errorDescription: string | null
  status: number | null
  /** The named step that refuses the request (`policy.ip`), when the scenario names it. */
  failedStep: string | null
  /** Runner flows the scenario plays. */
  flows: string[]
  tags: string[]
  /** When a real integration hits it. */
  when: string
  /** What the user sees. */
  sees: string
  /** The fix (and where the wording comes from). */
  fix: string
  /** Apps and users (by name) the scenario needs in the workspace. */
  needs: { apps: string[]; users: string[] }
}

export interface CatalogExpectation {
  field: string
  expected: string
  got: string
  pass: boolean
}

export interface ReproducedStep {
  index: number
  kind: string
  label: string
  /** The runner step the expectations were checked on. */
  checked: string | null
  failedStep: string | null
  exchangeId: number | null
  flowId: number | null
  /** The runner run this step played in. */
  runId: number | null
  error: string | null
  expectations: CatalogExpectation[]
  why: string[]
}

export interface Reproduction {
  entry: string
  /** passed: the live engine answered what the catalog says. */
  status: 'passed' | 'failed' | 'error'
  steps: ReproducedStep[]
  runIds: number[]
  flowIds: number[]
  /** What was changed for the reproduction and put back afterwards. */
  restored: string[]
}
