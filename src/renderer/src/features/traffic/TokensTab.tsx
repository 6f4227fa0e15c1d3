import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { IconShieldCheck, IconShieldQuestion, IconShieldX } from '@tabler/icons-react'
import type { DecodedJwt, ExchangeDetail } from '../../../../shared/admin-api'
import { useStatus } from '../../api/queries'
import { CodeBlock } from '../../components/CodeBlock'
import { CopyButton } from '../../components/CopyButton'
import { useVirtualNow } from '../status/clock'
import { relativeTime } from './format'

const SIGNATURE = {
  valid: { color: 'teal', label: 'Signature valid', icon: IconShieldCheck },
  invalid: { color: 'red', label: 'Signature invalid', icon: IconShieldX },
  unknown_key: { color: 'orange', label: 'Unknown key', icon: IconShieldQuestion },
  no_key: { color: 'gray', label: 'No key to check with', icon: IconShieldQuestion },
  unsigned: { color: 'red', label: 'Unsigned (alg none)', icon: IconShieldX },
  unsupported: { color: 'gray', label: 'Algorithm not supported', icon: IconShieldQuestion },
} as const

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time'])

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

function claimValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function ExpiryBadge({ jwt, nowMs }: { jwt: DecodedJwt; nowMs: number }) {
  const exp = jwt.claims.exp
  if (typeof exp !== 'number') return null
  const expMs = exp * 1000
  const expired = expMs <= nowMs
  return (
    <Badge color={expired ? 'red' : 'teal'} variant="light" data-testid="jwt-expiry">
      {expired ? `expired ${relativeTime(expMs, nowMs)}` : `expires ${relativeTime(expMs, nowMs)}`}
    </Badge>
  )
}

function JwtCard({ jwt, nowMs }: { jwt: DecodedJwt; nowMs: number }) {
  const look = SIGNATURE[jwt.signature.status]
  const SigIcon = look.icon
  const times = new Map(jwt.times.map((time) => [time.claim, time]))
  return (
    <Paper withBorder radius="md" p="md" data-testid="jwt-card">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Title order={3} size="h4">
              {jwt.kind.replace(/_/g, ' ')}
            </Title>
            <Text size="xs" c="dimmed" className="gh-mono">
              {jwt.location}
            </Text>
          </div>
          <Group gap={6} wrap="nowrap">
            <ExpiryBadge jwt={jwt} nowMs={nowMs} />
            <Badge
              color={look.color}
              variant="light"
              leftSection={<SigIcon size={14} />}
              data-testid="jwt-signature"
            >
              {look.label}
            </Badge>
            <CopyButton value={jwt.token} label={`Copy the ${jwt.kind}`} size="md" />
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {jwt.signature.detail}
        </Text>
        <div>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
            Header
          </Text>
          <CodeBlock code={JSON.stringify(jwt.header, null, 2)} label="JWT header" />
        </div>
        <div>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
            Claims
          </Text>
          <Table className="gh-kv-table" verticalSpacing={5} horizontalSpacing="sm">
            <Table.Tbody>
              {Object.entries(jwt.claims).map(([claim, value]) => {
                const time = times.get(claim)
                const seconds = typeof value === 'number' && TIME_CLAIMS.has(claim) ? value : null
                return (
                  <Table.Tr key={claim}>
                    <Table.Td className="gh-kv-key">{claim}</Table.Td>
                    <Table.Td>
                      <Text size="sm" className="gh-mono">
                        {claimValue(value)}
                      </Text>
                      {seconds !== null && (
                        <Text size="xs" c="dimmed">
                          {dateTime.format(new Date(seconds * 1000))} ·{' '}
                          {relativeTime(seconds * 1000, nowMs)} (virtual clock)
                          {time ? ` · ${time.relative}` : ''}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
    </Paper>
  )
}

/** Every JWT the exchange carried, decoded, its signature checked, times made human. */
export function TokensTab({ exchange }: { exchange: ExchangeDetail }) {
  const status = useStatus()
  const now = useVirtualNow(
    status.data?.clock ?? { now: new Date().toISOString(), offsetSeconds: 0, frozen: false },
    status.dataUpdatedAt || Date.now(),
  )
  if (exchange.jwts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No JWT in this exchange. Opaque access tokens (the default) are not JWTs; id tokens, JWT
        access tokens and JWT bearer assertions are decoded here.
      </Text>
    )
  }
  return (
    <Stack gap="md">
      {exchange.jwts.map((jwt, index) => (
        <JwtCard key={`${jwt.location}-${index}`} jwt={jwt} nowMs={now.getTime()} />
      ))}
    </Stack>
  )
}
