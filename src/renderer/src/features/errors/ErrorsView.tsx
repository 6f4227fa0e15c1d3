import './errors.css'
import { useMemo, useState } from 'react'
import {
  Badge,
  Group,
  Paper,
  ScrollArea,
  Skeleton,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import type { CatalogEntry } from '../../../../shared/catalog-api'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { navigate, useRoute } from '../../shell/router'
import { useCatalog } from './api'
import { EntryDetail } from './EntryDetail'
import { searchCatalog } from './search'

/**
 * The Errors view: the catalog of Salesforce OAuth errors (resources/scenarios), searchable;
 * `#/errors/<id>` shows one entry — when it happens, what the user sees, the fix — and
 * reproduces it in the runner.
 */
export function ErrorsView() {
  const { view, segments } = useRoute()
  const catalog = useCatalog()
  const [query, setQuery] = useState('')
  const entries = catalog.data?.entries
  const shown = useMemo(() => (entries ? searchCatalog(entries, query) : []), [entries, query])
  if (view !== 'errors') return null
  const selected = entries?.find((entry) => entry.id === segments[0]) ?? null

  return (
    <>
      <PageHeader
        title="Errors"
        description="The OAuth errors integrations hit most, as Salesforce answers them: when each happens, what the user sees, the fix — and a scenario that reproduces it here."
      />
      {catalog.isError ? (
        <ApiErrorAlert
          error={catalog.error}
          title="Could not load the error catalog"
          onRetry={() => void catalog.refetch()}
        />
      ) : (
        <div className="gh-errors">
          <Paper withBorder radius="md" className="gh-errors-list">
            <div className="gh-errors-search">
              <TextInput
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                placeholder="Search: invalid_grant, refresh, jwt audience…"
                leftSection={<IconSearch size={16} />}
                aria-label="Search the error catalog"
                data-testid="errors-search"
              />
              <Text size="xs" c="dimmed" mt={6} data-testid="errors-count">
                {entries ? `${shown.length} of ${entries.length} errors` : 'Loading…'}
              </Text>
            </div>
            <ScrollArea className="gh-errors-scroll" type="auto">
              {!entries ? (
                <Skeleton h={240} m="md" />
              ) : shown.length === 0 ? (
                <Text size="sm" c="dimmed" p="md">
                  No error matches “{query}”.
                </Text>
              ) : (
                <div role="list" aria-label="Errors">
                  {shown.map((entry) => (
                    <EntryRow key={entry.id} entry={entry} active={entry.id === selected?.id} />
                  ))}
                </div>
              )}
            </ScrollArea>
          </Paper>
          <div className="gh-errors-detail">
            {selected ? (
              <EntryDetail key={selected.id} entry={selected} />
            ) : (
              <Paper withBorder radius="md" p="xl">
                <Text fw={600}>Pick an error</Text>
                <Text size="sm" c="dimmed" mt={4}>
                  Each one is a scenario file in resources/scenarios that{' '}
                  <span className="gh-mono">gatehouse test</span> replays in CI. Open one to see its
                  cause and fix, and reproduce it here step by step.
                </Text>
              </Paper>
            )}
          </div>
        </div>
      )}
    </>
  )
}

function EntryRow({ entry, active }: { entry: CatalogEntry; active: boolean }) {
  return (
    <div role="listitem">
      <UnstyledButton
        className="gh-errors-row"
        data-active={active || undefined}
        aria-current={active ? 'true' : undefined}
        onClick={() => navigate('errors', entry.id)}
        data-testid={`errors-row-${entry.id}`}
      >
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={650} className="gh-mono" truncate>
            {entry.error}
          </Text>
          {entry.status !== null && (
            <Badge size="xs" variant="light" color="gray">
              {entry.status}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {entry.errorDescription ? `${entry.errorDescription} — ` : ''}
          {subtitle(entry)}
        </Text>
      </UnstyledButton>
    </div>
  )
}

/** The part of the title after "error: ", which tells causes of one error apart. */
function subtitle(entry: CatalogEntry): string {
  const colon = entry.title.indexOf(': ')
  return colon > 0 ? entry.title.slice(colon + 2) : entry.title
}
