import { relative } from 'node:path'
import type { ScenarioResult, StepResult } from './run'

/**
 * The reporters of `gatehouse test`: `spec` for people (a line per scenario, a diff per
 * failed expectation), `junit` for CI systems (a testsuite per file, a testcase per
 * scenario), `json` for scripts.
 */

export interface InvalidFile {
  file: string
  issues: Array<{ path: string; message: string }>
}

export interface TestReport {
  results: ScenarioResult[]
  durationMs: number
}

export interface Totals {
  scenarios: number
  passed: number
  failed: number
  errors: number
  skipped: number
}

export function totals(results: ScenarioResult[]): Totals {
  const count = (status: ScenarioResult['status']) =>
    results.filter((r) => r.status === status).length
  return {
    scenarios: results.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
  }
}

const displayFile = (file: string | null) =>
  file ? relative(process.cwd(), file) || file : '(inline)'
const ms = (value: number) => `${Math.round(value)} ms`

/** The failure of one scenario as readable text: which step, expected / got, the Why. */
export function failureText(result: ScenarioResult): string {
  const lines: string[] = []
  if (result.error) lines.push(`could not run: ${result.error}`)
  for (const step of result.steps) {
    const failed = step.expectations.filter((e) => !e.pass)
    if (!step.error && failed.length === 0) continue
    lines.push(`step ${step.index + 1} (${stepTitle(step)})`)
    if (step.error) lines.push(`  error: ${step.error}`)
    for (const expectation of failed) {
      lines.push(`  ${expectation.field}`)
      lines.push(`    expected: ${expectation.expected}`)
      lines.push(`    got:      ${expectation.got}`)
    }
    if (step.why && failed.length > 0) {
      lines.push(
        `  Why${step.exchangeId !== undefined ? ` (exchange ${step.exchangeId})` : ''}${step.failedStep ? `, failed at ${step.failedStep}` : ''}:`,
      )
      for (const line of step.why) lines.push(`    ${line}`)
    }
  }
  return lines.join('\n')
}

function stepTitle(step: StepResult): string {
  return step.checked ? `${step.label} → ${step.checked}` : step.label
}

export function specReport(report: TestReport): string {
  const out: string[] = []
  let currentFile: string | null | undefined
  for (const result of report.results) {
    if (result.file !== currentFile) {
      currentFile = result.file
    }
    const mark = result.status === 'passed' ? '✓' : result.status === 'skipped' ? '-' : '✗'
    const suffix = result.status === 'skipped' ? ' (skipped)' : ` (${ms(result.durationMs)})`
    out.push(`${mark} ${result.name} — ${displayFile(result.file)}${suffix}`)
    if (result.status === 'failed' || result.status === 'error') {
      out.push(indent(failureText(result), '    '))
    }
  }
  const t = totals(report.results)
  out.push('')
  out.push(
    `${t.passed} passed, ${t.failed} failed${t.errors ? `, ${t.errors} errors` : ''}${t.skipped ? `, ${t.skipped} skipped` : ''} — ${t.scenarios} scenarios in ${ms(report.durationMs)}`,
  )
  return out.join('\n') + '\n'
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n')
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

const seconds = (value: number) => (value / 1000).toFixed(3)

export function junitReport(report: TestReport): string {
  const byFile = new Map<string, ScenarioResult[]>()
  for (const result of report.results) {
    const key = displayFile(result.file)
    byFile.set(key, [...(byFile.get(key) ?? []), result])
  }
  const all = totals(report.results)
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gatehouse test" tests="${all.scenarios}" failures="${all.failed}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds(report.durationMs)}">`,
  ]
  for (const [file, results] of byFile) {
    const t = totals(results)
    const time = results.reduce((sum, r) => sum + r.durationMs, 0)
    out.push(
      `  <testsuite name="${xmlEscape(file)}" tests="${t.scenarios}" failures="${t.failed}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(time)}">`,
    )
    for (const result of results) {
      const open = `    <testcase name="${xmlEscape(result.name)}" classname="${xmlEscape(file)}" time="${seconds(result.durationMs)}"`
      if (result.status === 'passed') {
        out.push(`${open}/>`)
        continue
      }
      out.push(`${open}>`)
      if (result.status === 'skipped') out.push('      <skipped message="not run (--bail)"/>')
      else {
        const tag = result.status === 'error' ? 'error' : 'failure'
        const text = failureText(result)
        const first = text.split('\n').find((line) => line.trim() !== '') ?? result.status
        out.push(
          `      <${tag} message="${xmlEscape(first.trim())}" type="${tag === 'error' ? 'ScenarioError' : 'ExpectationFailed'}">${xmlEscape(text)}</${tag}>`,
        )
      }
      out.push('    </testcase>')
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return out.join('\n') + '\n'
}

export function jsonReport(report: TestReport): string {
  return (
    JSON.stringify(
      {
        ...totals(report.results),
        durationMs: Math.round(report.durationMs),
        results: report.results.map((r) => ({ ...r, durationMs: Math.round(r.durationMs) })),
      },
      null,
      2,
    ) + '\n'
  )
}

export function invalidFilesText(invalid: InvalidFile[]): string {
  return invalid
    .map((f) =>
      f.issues.map((issue) => `${displayFile(f.file)}: ${issue.path}: ${issue.message}`).join('\n'),
    )
    .join('\n')
}
