import { Alert, Button, Group, List, Text } from '@mantine/core'
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react'
import { AdminApiError } from '../api/client'

/** Shows an admin API failure where it happened: what was asked, the server's message, a retry. */
export function ApiErrorAlert({
  error,
  title,
  onRetry,
  retrying,
}: {
  error: unknown
  title: string
  onRetry?: () => void
  retrying?: boolean
}) {
  const apiError = error instanceof AdminApiError ? error : null
  const message = error instanceof Error ? error.message : String(error)
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={title}
      role="alert"
    >
      <Text size="sm">{message}</Text>
      {apiError && apiError.issues.length > 0 && (
        <List size="sm" mt="xs">
          {apiError.issues.map((issue) => (
            <List.Item key={issue.path + issue.message}>
              <span className="gh-mono">{issue.path}</span>: {issue.message}
            </List.Item>
          ))}
        </List>
      )}
      <Group gap="md" mt="sm" justify="space-between">
        {apiError && (
          <Text size="xs" c="dimmed" className="gh-mono">
            {apiError.method} {apiError.path} →{' '}
            {apiError.isNetworkError ? 'no answer' : `${apiError.status} ${apiError.code}`}
          </Text>
        )}
        {onRetry && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={onRetry}
            loading={retrying}
          >
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  )
}
