import { Alert, Badge, Checkbox, Group, Paper, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import type { AppReport, FileReport, ImportReport } from '../../../../../shared/sfdx-api'

const ACTION_COLOR: Record<AppReport['action'], string> = {
  created: 'teal',
  updated: 'blue',
  unchanged: 'gray',
}
const OUTCOME_COLOR: Record<FileReport['outcome'], string> = {
  mapped: 'blue',
  passedThrough: 'grape',
  skipped: 'gray',
}

function show(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value)
}

/** The import report as a preview: per app what changes, per file what became of it. */
export function ImportReportView({
  report,
  onCreateMissing,
}: {
  report: ImportReport
  onCreateMissing: (create: boolean) => void
}) {
  const missing = report.missingProfiles.length + report.missingPermissionSets.length
  return (
    <Stack gap="sm" data-testid="sfdx-report">
      <Text size="sm">
        {report.apps.length} {report.apps.length === 1 ? 'app' : 'apps'} from {report.files.length}{' '}
        metadata {report.files.length === 1 ? 'file' : 'files'}
        {report.ignoredFiles > 0 ? ` (${report.ignoredFiles} other files ignored)` : ''}.{' '}
        {report.applied ? 'Applied.' : 'Nothing has changed yet.'}
      </Text>
      {report.apps.map((app) => (
        <Paper key={app.apiName + app.kind} withBorder p="sm" radius="md" data-testid="sfdx-app">
          <Group gap="xs" mb={app.changes.length > 0 ? 'xs' : 0}>
            <Badge color={ACTION_COLOR[app.action]} variant="light">
              {app.action}
            </Badge>
            <Text fw={600}>{app.name}</Text>
            <Text size="sm" c="dimmed">
              {app.kind === 'connectedApp' ? 'Connected App' : 'External Client App'} ·{' '}
              <span className="gh-mono">{app.apiName}</span>
              {app.matchedBy &&
                ` · matched by ${app.matchedBy === 'consumerKey' ? 'consumer key' : 'name'}`}
            </Text>
            {app.keyGenerated && (
              <Badge color="yellow" variant="outline">
                consumer key generated
              </Badge>
            )}
            {app.secretGenerated && (
              <Badge color="yellow" variant="outline">
                secret generated
              </Badge>
            )}
          </Group>
          {app.changes.length > 0 && (
            <Table fz="xs" withTableBorder verticalSpacing={4} data-testid="sfdx-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Now</Table.Th>
                  <Table.Th>After import</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {app.changes.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Td className="gh-mono">{change.field}</Table.Td>
                    <Table.Td className="gh-mono">{show(change.from)}</Table.Td>
                    <Table.Td className="gh-mono">{show(change.to)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      ))}
      {missing > 0 && (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} py="xs">
          <Text size="sm">
            The policies name{' '}
            {[
              ...report.missingProfiles.map((name) => `profile “${name}”`),
              ...report.missingPermissionSets.map((name) => `permission set “${name}”`),
            ].join(', ')}{' '}
            that the workspace does not have.
          </Text>
          <Checkbox
            mt="xs"
            size="sm"
            label="Create them in the workspace (otherwise they are left out of the policies)"
            checked={report.createMissing}
            onChange={(event) => onCreateMissing(event.currentTarget.checked)}
            data-testid="sfdx-create-missing"
          />
        </Alert>
      )}
      {report.missingUsers.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
          Run-as users not in the workspace: {report.missingUsers.join(', ')}. Client credentials
          stay off for their apps until you add them.
        </Alert>
      )}
      <Stack gap={6}>
        <Text fw={600} size="sm">
          Files
        </Text>
        {report.files.map((file) => (
          <Paper key={file.path} withBorder px="sm" py={6} radius="sm" data-testid="sfdx-file">
            <Group gap="xs" wrap="nowrap">
              <Badge size="sm" variant="light" color={OUTCOME_COLOR[file.outcome]}>
                {file.outcome === 'passedThrough' ? 'kept whole' : file.outcome}
              </Badge>
              <Text size="xs" className="gh-mono" style={{ wordBreak: 'break-all' }}>
                {file.path}
              </Text>
            </Group>
            {file.mapped.length > 0 && (
              <Text size="xs" mt={4}>
                <b>Mapped:</b> {file.mapped.join(', ')}
              </Text>
            )}
            {file.kept.length > 0 && (
              <Text size="xs" c="dimmed">
                <b>Kept as is (written back on export):</b> {file.kept.join(', ')}
              </Text>
            )}
            {file.notEmulated.map((message) => (
              <Text size="xs" c="orange.8" key={message}>
                Not emulated: {message}
              </Text>
            ))}
            {file.notes.map((message) => (
              <Text size="xs" c="dimmed" key={message}>
                {message}
              </Text>
            ))}
          </Paper>
        ))}
      </Stack>
    </Stack>
  )
}
