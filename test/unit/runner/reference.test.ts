import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runnerReference } from '../../../src/core/runner/reference'
import { demoWorkspace } from '../../../src/core/workspace'
import { RUN_FLOWS } from '../../../src/shared/runner-api'

const DOC = new URL('../../../docs/runner.md', import.meta.url)

/**
 * docs/runner.md is generated from the runner's own tables (flows, steps, parameter
 * explanations). This test fails when it is stale; regenerate it with
 *   UPDATE_DOCS=1 npx vitest run test/unit/runner/reference.test.ts
 */
describe('docs/runner.md', () => {
  const expected = runnerReference(demoWorkspace().apps)

  it('matches what the runner explains', () => {
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, expected)
    expect(
      readFileSync(DOC, 'utf8'),
      'stale: UPDATE_DOCS=1 npx vitest run test/unit/runner/reference.test.ts',
    ).toBe(expected)
  })

  it('documents every flow, each runnable by some demo app', () => {
    for (const flow of RUN_FLOWS) expect(expected).toContain(`## \`${flow}\``)
    expect(expected).not.toContain('No demo app allows this flow.')
  })

  it('explains the parameters a wrong value of which Salesforce refuses', () => {
    for (const words of [
      'redirect_uri_mismatch',
      'invalid_client / invalid client credentials',
      'expired authorization code',
    ]) {
      expect(expected).toContain(words)
    }
  })
})
