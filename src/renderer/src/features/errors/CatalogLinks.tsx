import { Anchor, Group, Paper, Stack, Text } from '@mantine/core'
import { IconBook2 } from '@tabler/icons-react'
import type { ExchangeDetail } from '../../../../shared/admin-api'
import { hrefFor } from '../../shell/router'
import { useExchangeCatalog } from './api'

/** The Why tab's way from a refusal to the catalog: the cause, the fix, a reproduction. */
export function CatalogLinks({ exchange }: { exchange: ExchangeDetail }) {
  const refused = exchange.outcome === 'failed'
  const linked = useExchangeCatalog(exchange.id, refused)
  const entries = linked.data?.entries ?? []
  if (!refused || entries.length === 0) return null
  return (
    <Paper withBorder radius="md" px="md" py="sm" data-testid="why-catalog">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <IconBook2 size={18} stroke={1.7} style={{ flex: 'none', marginTop: 2 }} />
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            In the error catalog
          </Text>
          {entries.map((entry) => (
            <Anchor key={entry.id} href={hrefFor('errors', entry.id)} size="sm">
              {entry.title}
            </Anchor>
          ))}
          <Text size="xs" c="dimmed">
            When it happens, what the user sees, the fix — and a scenario that reproduces it.
          </Text>
        </Stack>
      </Group>
    </Paper>
  )
}
