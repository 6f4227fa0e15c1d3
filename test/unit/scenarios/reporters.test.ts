import { describe, expect, it } from 'vitest'
import {
  jsonReport,
  junitReport,
  specReport,
  xmlEscape,
  type ScenarioResult,
  type TestReport,
} from '../../../src/core/scenarios'
import { elements, parseXml } from '../../support/xml'

const passed: ScenarioResult = {
  file: '/tmp/catalog/a.json',
  name: 'passes <fine> & "well"',
  status: 'passed',
  durationMs: 120,
  steps: [],
}
const failed: ScenarioResult = {
  file: '/tmp/catalog/a.json',
  name: 'expects the wrong text',
  status: 'failed',
  durationMs: 80,
  steps: [
    {
      index: 0,
      kind: 'flow',
      label: 'username-password · Order Sync',
      checked: 'token',
      expectations: [
        { field: 'status', expected: '400', got: '400', pass: true },
        {
          field: 'error_description',
          expected: '"expired <code>"',
          got: '"authentication failure"',
          pass: false,
        },
      ],
      why: ['✓ client.lookup', '✗ password.verify: wrong password\u0007 → 400 invalid_grant'],
      failedStep: 'password.verify',
      exchangeId: 7,
    },
  ],
}
const errored: ScenarioResult = {
  file: '/tmp/catalog/b.json',
  name: 'no such app',
  status: 'error',
  durationMs: 10,
  steps: [
    { index: 0, kind: 'flow', label: 'x', expectations: [], error: 'app: no app is named X' },
  ],
}
const report: TestReport = { results: [passed, failed, errored], durationMs: 300 }

describe('reporters', () => {
  it('spec: a line per scenario and a diff naming the field, with the Why', () => {
    const text = specReport(report)
    expect(text).toMatch(/^✓ passes <fine> & "well" — .*a\.json \(120 ms\)$/m)
    expect(text).toMatch(/^✗ expects the wrong text/m)
    expect(text).toContain('step 1 (username-password · Order Sync → token)')
    expect(text).toContain(
      '      error_description\n        expected: "expired <code>"\n        got:      "authentication failure"',
    )
    expect(text).toContain('Why (exchange 7), failed at password.verify:')
    expect(text).toContain('error: app: no app is named X')
    expect(text).toMatch(/1 passed, 1 failed, 1 errors — 3 scenarios in 300 ms\n$/)
  })

  it('junit: well-formed XML, a testsuite per file, a testcase per scenario, escaped', () => {
    const root = parseXml(junitReport(report))
    expect(root.name).toBe('testsuites')
    expect(root.attributes.tests).toBe('3')
    const suites = elements(root, 'testsuite')
    expect(suites.length).toBe(2)
    expect(suites[0]!.attributes.tests).toBe('2')
    expect(suites[0]!.attributes.failures).toBe('1')
    const cases = elements(root, 'testcase')
    expect(cases.length).toBe(3)
    expect(cases[0]!.attributes.name).toBe('passes <fine> & "well"')
    const failure = elements(root, 'failure')[0]!
    expect(failure.text).toContain('expected: "expired <code>"')
    expect(failure.text).not.toContain('\u0007')
    expect(elements(root, 'error')[0]!.attributes.message).toBe('step 1 (x)')
  })

  it('the XML reader of these tests refuses what is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow()
    expect(() => parseXml('<a>x & y</a>')).toThrow()
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow()
  })

  it('json: totals and every result', () => {
    const parsed = JSON.parse(jsonReport(report)) as {
      passed: number
      failed: number
      errors: number
      results: unknown[]
    }
    expect(parsed).toMatchObject({ scenarios: 3, passed: 1, failed: 1, errors: 1 })
    expect(parsed.results).toHaveLength(3)
  })

  it('escapes XML special characters and drops ones XML cannot carry', () => {
    expect(xmlEscape(`<a href="x">'&'</a>\u0000`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    )
  })
})
