import { Paper, Skeleton, Text } from '@mantine/core'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { useGrants } from './api'
import { AuthorizationsTable } from './AuthorizationsTable'

/** A user's "OAuth Connected Apps": the apps they authorized, each with Revoke. */
export function ConnectedApps({ userId }: { userId: string }) {
  const grants = useGrants(userId)
  return (
    <Paper withBorder radius="md" mt="lg" data-testid="connected-apps">
      <Text fw={650} px="md" pt="sm">
        Connected apps
      </Text>
      {grants.isError ? (
        <ApiErrorAlert error={grants.error} title="Could not read the user's connected apps" />
      ) : !grants.data ? (
        <Skeleton h={80} m="md" />
      ) : grants.data.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          This user has not authorized any app.
        </Text>
      ) : (
        <AuthorizationsTable items={grants.data} show="app" compact />
      )}
    </Paper>
  )
}
