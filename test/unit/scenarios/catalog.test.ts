import { describe, expect, it } from 'vitest'
import { catalogIndexSource, currentNames } from '../../../scripts/catalog-index.mjs'
import { readFileSync } from 'node:fs'
import { catalog, describe as splitDescription } from '../../../src/core/scenarios/catalog/entries'
import { entriesMatching } from '../../../src/core/scenarios/catalog/match'

/** The ids of the catalog entries a refusal links to. */
const ids = (refusal: Parameters<typeof entriesMatching>[1]) =>
  entriesMatching(
    catalog().map((item) => item.entry),
    refusal,
  ).map((e) => e.id)

describe('the bundled error catalog', () => {
  it('bundles every file of resources/scenarios (run node scripts/catalog-index.mjs if not)', () => {
    const written = readFileSync(
      new URL('../../../src/core/scenarios/catalog/files.ts', import.meta.url),
      'utf8',
    )
    expect(written).toBe(catalogIndexSource(currentNames()))
  })

  it.each(catalog().map((item) => [item.entry.id, item.entry] as const))(
    '%s says when, what the user sees, the fix, and which error',
    (_id, entry) => {
      expect(entry.when.length).toBeGreaterThan(20)
      expect(entry.sees.length).toBeGreaterThan(20)
      expect(entry.fix.length).toBeGreaterThan(10)
      expect(entry.error).toMatch(/^[A-Za-z_]+$/)
      expect(entry.flows.length).toBeGreaterThan(0)
    },
  )

  it('splits a description into its three parts, and keeps one without them whole', () => {
    expect(splitDescription('When: a. What the user sees: b. Fix: c.')).toEqual({
      when: 'A.',
      sees: 'B.',
      fix: 'C.',
    })
    expect(splitDescription('Free text.')).toEqual({ when: 'Free text.', sees: '', fix: '' })
  })

  it('matches a refusal by error, then description and failing step when both give them', () => {
    expect(
      ids({
        error: 'invalid_grant',
        errorDescription: 'ip restricted or invalid login hours',
        failedStep: 'policy.login_hours',
      }),
    ).toEqual(['ip_restricted-login-hours'])
    expect(
      ids({
        error: 'invalid_grant',
        errorDescription: 'ip restricted or invalid login hours',
        failedStep: null,
      }),
    ).toEqual(['ip_restricted-login-hours', 'ip_restricted-profile-ranges'])
    expect(
      ids({
        error: 'unsupported_grant_type',
        errorDescription: 'grant type not supported',
        failedStep: null,
      }),
    ).toEqual([])
    expect(ids({ error: null, errorDescription: null, failedStep: 'policy.ip' })).toEqual([])
  })
})

describe('a generic entry (error code only)', () => {
  it('is offered only when no entry says more about the refusal', () => {
    expect(
      ids({
        error: 'invalid_grant',
        errorDescription: 'invalid code verifier',
        failedStep: 'pkce.verify',
      }),
    ).toEqual(['pkce-missing_code_verifier'])
    expect(
      ids({
        error: 'invalid_grant',
        errorDescription: 'authentication failure',
        failedStep: 'user.active',
      }),
    ).toEqual(['inactive_user'])
  })
})
