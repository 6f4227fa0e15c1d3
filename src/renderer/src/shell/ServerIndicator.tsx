import { Group, Text, Tooltip } from '@mantine/core'
import type { useStatus } from '../api/queries'
import { AdminApiError } from '../api/client'
import { useAdminClient } from '../api/context'

/** A dot and the server's address: green while /status answers, red when it stops. */
export function ServerIndicator({ status }: { status: ReturnType<typeof useStatus> }) {
  const { connection } = useAdminClient()
  const host = status.data ? new URL(status.data.baseUrl).host : new URL(connection.origin).host
  const down = status.isError
  const unreachable = status.error instanceof AdminApiError && status.error.isNetworkError
  const label = status.isPending
    ? 'Connecting…'
    : !down
      ? host
      : unreachable
        ? 'Not answering'
        : 'Status check failed'
  const tip = !down
    ? `Emulated org answering at ${status.data?.baseUrl ?? connection.origin}`
    : unreachable
      ? `Nothing answers at ${connection.origin}: is gatehouse still running?`
      : `The last status check failed: ${status.error.message}`
  return (
    <Tooltip label={tip}>
      <Group gap={8} wrap="nowrap" visibleFrom="md" className="gh-server-indicator" tabIndex={0}>
        <span
          className="gh-status-dot"
          data-state={status.isPending ? 'pending' : down ? 'down' : 'up'}
          aria-hidden
        />
        <Text
          size="sm"
          c={down ? 'red' : 'dimmed'}
          className={down || status.isPending ? undefined : 'gh-mono'}
        >
          {label}
        </Text>
      </Group>
    </Tooltip>
  )
}
