import { Badge, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core'
import { navigate } from '../../shell/router'
import { useRecentRuns } from './api'

/** The latest runs (from this window, another one or the CLI), to open again. */
export function RecentRuns() {
  const recent = useRecentRuns()
  if (!recent.data?.length) return null
  return (
    <Paper withBorder radius="md" p="lg">
      <Text fw={650} mb="sm">
        Recent runs
      </Text>
      <Stack gap={6}>
        {recent.data!.slice(0, 8).map((run) => (
          <UnstyledButton
            key={run.id}
            onClick={() => navigate('run', String(run.id))}
            className="gh-run-recent"
          >
            <Group gap="sm">
              <Text size="sm" className="gh-mono">
                #{run.id}
              </Text>
              <Text size="sm" fw={600}>
                {run.flow}
              </Text>
              <Text size="sm" c="dimmed">
                {run.app}
                {run.user ? ` · ${run.user}` : ''}
              </Text>
              <Badge
                size="sm"
                variant="light"
                color={
                  run.status === 'completed' ? 'teal' : run.status === 'failed' ? 'red' : 'blue'
                }
              >
                {run.status.replace('_', ' ')}
              </Badge>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Paper>
  )
}
