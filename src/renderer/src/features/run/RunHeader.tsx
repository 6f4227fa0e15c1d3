import { Badge, Button, Group } from '@mantine/core'
import { IconPresentation, IconRoute } from '@tabler/icons-react'
import type { Run } from '../../../../shared/runner-api'
import { PageHeader } from '../../components/PageHeader'
import { navigate } from '../../shell/router'

const STATUS_COLOR = {
  ready: 'gray',
  in_progress: 'blue',
  completed: 'teal',
  failed: 'red',
} as const

/** The run's title, status and the ways out: presenter mode, its flow in Flows, a new run. */
export function RunHeader({ run, onPresent }: { run: Run; onPresent: () => void }) {
  return (
    <PageHeader
      title={`Run #${run.id} · ${run.flow}`}
      description={`${run.app}${run.user ? ` as ${run.user}` : ''}`}
      actions={
        <Group gap="xs">
          <Badge
            size="lg"
            variant="light"
            color={STATUS_COLOR[run.status]}
            data-testid="run-status"
          >
            {run.status.replace('_', ' ')}
          </Badge>
          <Button
            variant="default"
            leftSection={<IconPresentation size={16} />}
            onClick={onPresent}
            data-testid="run-present"
          >
            Present
          </Button>
          {run.flowId !== null && (
            <Button
              variant="default"
              leftSection={<IconRoute size={16} />}
              onClick={() => navigate('flows', String(run.flowId))}
            >
              Open in Flows
            </Button>
          )}
          <Button variant="subtle" onClick={() => navigate('run')}>
            New run
          </Button>
        </Group>
      }
    />
  )
}
