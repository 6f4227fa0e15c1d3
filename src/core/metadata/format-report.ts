import type { ImportReport } from './types'

/**
 * The import report as plain text for a terminal: one block per app with what changed, then
 * each file with what was mapped, kept and what Gatehouse cannot emulate.
 */
export function formatImportReport(report: ImportReport): string {
  const lines: string[] = []
  const verb = report.applied ? '' : ' (preview: nothing changed)'
  lines.push(`${report.apps.length} app(s) from ${report.files.length} metadata file(s)${verb}`)
  for (const app of report.apps) {
    const kind = app.kind === 'connectedApp' ? 'connected app' : 'external client app'
    const match = app.matchedBy
      ? ` (matched by ${app.matchedBy === 'consumerKey' ? 'consumer key' : 'name'})`
      : ''
    lines.push(`  ${app.action} ${kind} "${app.name}" [${app.apiName}]${match}`)
    if (app.keyGenerated) lines.push('    consumer key generated (no global OAuth settings file)')
    if (app.secretGenerated) lines.push('    consumer secret generated (none in the project)')
    for (const change of app.changes) {
      lines.push(
        `    ${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`,
      )
    }
  }
  for (const file of report.files) {
    lines.push(`  ${file.path}: ${file.outcome}${file.app ? ` → ${file.app}` : ''}`)
    if (file.mapped.length > 0) lines.push(`    mapped: ${file.mapped.join(', ')}`)
    if (file.kept.length > 0) lines.push(`    kept as is: ${file.kept.join(', ')}`)
    for (const message of file.notEmulated) lines.push(`    not emulated: ${message}`)
    for (const message of file.notes) lines.push(`    note: ${message}`)
  }
  const created = report.createMissing ? 'created' : 'left out of the policies'
  if (report.missingProfiles.length > 0) {
    lines.push(`  profiles not in the workspace (${created}): ${report.missingProfiles.join(', ')}`)
  }
  if (report.missingPermissionSets.length > 0) {
    lines.push(
      `  permission sets not in the workspace (${created}): ${report.missingPermissionSets.join(', ')}`,
    )
  }
  if (report.missingUsers.length > 0) {
    lines.push(`  run-as users not in the workspace: ${report.missingUsers.join(', ')}`)
  }
  return lines.join('\n')
}
