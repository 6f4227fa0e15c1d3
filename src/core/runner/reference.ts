import { RUN_FLOWS } from '../../shared/runner-api'
import type { WorkspaceApp } from '../workspace'
import { explainedHeaders, explainedParams } from './explain'
import { FLOWS } from './flows'

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/**
 * docs/runner.md: every flow with its steps, and every parameter's one-line explanation —
 * generated from the same tables the Run view and `gatehouse run` show, so the three agree.
 * Flows whose steps depend on the app are shown for the first of `apps` that allows them.
 */
export function runnerReference(apps: readonly WorkspaceApp[]): string {
  const lines: string[] = [
    '# The flow runner: flows, steps and parameters',
    '',
    '<!-- Generated from src/core/runner (flows and explain.ts); do not edit by hand. Regenerate with',
    '     UPDATE_DOCS=1 npx vitest run test/unit/runner/reference.test.ts -->',
    '',
    'Each flow is an ordered list of steps; each step is one HTTP exchange the runner sends to',
    "Gatehouse's own origin. Flows that use a token first get one the app's way (`options.via`,",
    'else the first flow the app allows), shown here for the demo workspace app named.',
    '',
  ]
  for (const name of RUN_FLOWS) {
    const flow = FLOWS[name]
    const app = apps.find((candidate) => flow.disabledBecause(candidate, {}) === null)
    lines.push(`## \`${name}\` — ${flow.title}`, '', flow.summary, '')
    if (!app) {
      lines.push('No demo app allows this flow.', '')
      continue
    }
    lines.push(`Steps (for ${app.name}):`, '', '| # | step | what happens |', '|---|---|---|')
    flow.steps(app, {}).forEach((step, index) => {
      lines.push(`| ${index} | \`${step.name}\` — ${cell(step.title)} | ${cell(step.narrative)} |`)
    })
    lines.push('')
  }
  lines.push('## Parameters', '', '| parameter | at | meaning |', '|---|---|---|')
  for (const entry of explainedParams()) {
    lines.push(`| \`${entry.name}\` | ${entry.in.join(', ')} | ${cell(entry.text)} |`)
  }
  lines.push('', '## Headers', '', '| header | meaning |', '|---|---|')
  for (const entry of explainedHeaders()) lines.push(`| \`${entry.name}\` | ${cell(entry.text)} |`)
  return lines.join('\n') + '\n'
}
