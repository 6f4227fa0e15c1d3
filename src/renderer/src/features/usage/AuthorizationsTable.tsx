import { Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core'
import { IconPlugConnectedX } from '@tabler/icons-react'
import './usage.css'
import type { Authorization } from '../../../../shared/usage-api'
import { useRevokeGrant } from './api'

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—')

/**
 * Authorizations as rows: who (or which app), how they authorized, the scopes, first and last
 * use by the virtual clock, the tokens still live, and Revoke.
 */
export function AuthorizationsTable({
  items,
  show,
  compact = false,
}: {
  items: Authorization[]
  /** The column that names the other side: the user (on an app) or the app (on a user). */
  show: 'user' | 'app'
  /** Narrow places (a dialog): scopes and first use go to the name's tooltip. */
  compact?: boolean
}) {
  const revoke = useRevokeGrant()
  return (
    <Table verticalSpacing="xs" horizontalSpacing="md" data-testid={`authorizations-by-${show}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{show === 'user' ? 'User' : 'App'}</Table.Th>
          <Table.Th>How</Table.Th>
          {!compact && <Table.Th>Scopes</Table.Th>}
          {!compact && <Table.Th>First use</Table.Th>}
          <Table.Th>Last use</Table.Th>
          <Table.Th>Live tokens</Table.Th>
          <Table.Th w={120} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr
            key={item.id}
            data-active={item.active}
            data-testid="authorization"
            data-name={show === 'user' ? item.user.username : item.app.name}
          >
            <Table.Td>
              <Tooltip
                label={`Scopes: ${item.scopes.join(' ')} · first use ${when(item.firstUse)}`}
                disabled={!compact}
              >
                <Text
                  size="sm"
                  ff={show === 'user' ? 'monospace' : undefined}
                  fw={500}
                  className="gh-usage-name"
                >
                  {show === 'user'
                    ? (item.user.username ?? item.user.id)
                    : (item.app.name ?? item.app.consumerKey)}
                </Text>
              </Tooltip>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Group gap={4} wrap="nowrap">
                {item.how.map((how) => (
                  <Badge
                    key={how}
                    size="sm"
                    variant="light"
                    tt="none"
                    maw="none"
                    styles={{ label: { overflow: 'visible' } }}
                  >
                    {how}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            {!compact && (
              <Table.Td>
                <Text size="xs" className="gh-mono">
                  {item.scopes.join(' ')}
                </Text>
              </Table.Td>
            )}
            {!compact && (
              <Table.Td>
                <Text size="xs">{when(item.firstUse)}</Text>
              </Table.Td>
            )}
            <Table.Td>
              <Text size="xs">{when(item.lastUse)}</Text>
            </Table.Td>
            <Table.Td>
              {item.active ? (
                <Tooltip
                  label={
                    item.accessTokens.expiresAt
                      ? `The latest access token expires ${when(item.accessTokens.expiresAt)}`
                      : 'No opaque access token is live (JWT access tokens are not stored)'
                  }
                >
                  <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                    {item.accessTokens.live} access · {item.refreshTokens.live} refresh
                  </Text>
                </Tooltip>
              ) : (
                <Badge size="sm" color="gray" variant="light">
                  Revoked
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconPlugConnectedX size={14} />}
                disabled={!item.active}
                loading={revoke.isPending && revoke.variables === item.id}
                onClick={() => revoke.mutate(item.id)}
                aria-label={`Revoke ${item.user.username ?? item.user.id} on ${item.app.name ?? item.app.consumerKey}`}
              >
                Revoke
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
