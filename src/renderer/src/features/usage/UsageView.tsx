import './usage.css'
import { useState } from 'react'
import { Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { IconBan, IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react'
import type { Authorization } from '../../../../shared/usage-api'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { useApps, type App } from '../apps/api'
import { useGrants, useRevokeAll, useSetBlocked } from './api'
import { AuthorizationsTable } from './AuthorizationsTable'

/**
 * OAuth usage, as Salesforce's "Connected Apps OAuth Usage": each app with the users who
 * authorized it, how and when; Block/Unblock (the app's policies.blocked) and Revoke all.
 */
export function UsageView() {
  const apps = useApps()
  const grants = useGrants()
  const error = apps.error ?? grants.error
  return (
    <>
      <PageHeader
        title="OAuth usage"
        description="Which users authorized which apps — how, with which scopes, when last used — and pulling access: revoke one user, every user, or block the app."
      />
      {error ? (
        <ApiErrorAlert
          error={error}
          title="Could not read the OAuth usage"
          onRetry={() => void Promise.all([apps.refetch(), grants.refetch()])}
        />
      ) : !apps.data || !grants.data ? (
        <Skeleton h={240} />
      ) : (
        <Stack gap="lg">
          {apps.data.map((app) => (
            <AppUsage
              key={app.consumerKey}
              app={app}
              items={grants.data.filter((item) => item.app.consumerKey === app.consumerKey)}
            />
          ))}
        </Stack>
      )}
    </>
  )
}

function AppUsage({ app, items }: { app: App; items: Authorization[] }) {
  const block = useSetBlocked()
  const revokeAll = useRevokeAll()
  const [confirming, setConfirming] = useState(false)
  const active = items.filter((item) => item.active)
  const lastUse = items
    .map((item) => item.lastUse)
    .sort()
    .at(-1)
  const blocked = app.policies.blocked
  return (
    <Paper withBorder radius="md" data-testid="usage-app" data-app={app.name}>
      <Group justify="space-between" px="md" py="sm" wrap="nowrap" className="gh-usage-head">
        <div>
          <Group gap="xs">
            <Text fw={650}>{app.name}</Text>
            <Badge size="sm" variant="outline" color="gray" tt="none">
              {app.kind === 'connectedApp' ? 'Connected App' : 'External Client App'}
            </Badge>
            {blocked && (
              <Badge size="sm" color="red" data-testid="usage-blocked">
                Blocked
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" data-testid="usage-summary">
            {items.length === 0
              ? 'Never used'
              : `${active.length} of ${items.length} ${items.length === 1 ? 'user' : 'users'} connected · last used ${new Date(lastUse!).toLocaleString()}`}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            leftSection={blocked ? <IconCircleCheck size={16} /> : <IconBan size={16} />}
            loading={block.isPending}
            onClick={() => block.mutate({ app, blocked: !blocked })}
          >
            {blocked ? 'Unblock' : 'Block'}
          </Button>
          <Button
            variant="light"
            color="red"
            leftSection={<IconPlugConnectedX size={16} />}
            disabled={active.length === 0}
            onClick={() => setConfirming(true)}
          >
            Revoke all
          </Button>
        </Group>
      </Group>
      {(block.error ?? revokeAll.error) && (
        <ApiErrorAlert
          error={block.error ?? revokeAll.error}
          title={`Could not change ${app.name}`}
        />
      )}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          No user has authorized this app yet.
        </Text>
      ) : (
        <AuthorizationsTable items={items} show="user" />
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Revoke all of ${app.name}?`}
      >
        <Text size="sm">
          Every token of the {active.length} connected {active.length === 1 ? 'user' : 'users'}{' '}
          stops working at once and their consent is forgotten: their integrations must log in
          again.
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={revokeAll.isPending}
            onClick={() =>
              revokeAll.mutate(app.consumerKey, { onSuccess: () => setConfirming(false) })
            }
            data-testid="usage-revoke-all-confirm"
          >
            Revoke all
          </Button>
        </Group>
      </Modal>
    </Paper>
  )
}
