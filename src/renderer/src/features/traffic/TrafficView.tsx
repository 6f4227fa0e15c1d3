import './traffic.css'
import { useCallback, useEffect, useMemo, useState } from 'react'
import {
  Badge,
  Button,
  CloseButton,
  Group,
  Paper,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useMutation, useQuery } from '@tanstack/react-query'
import { IconPlayerPause, IconPlayerPlay, IconSearch, IconTrash } from '@tabler/icons-react'
import { TRACE_ENDPOINTS } from '../../../../shared/admin-api'
import type { TraceEndpoint } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { useRoute } from '../../shell/router'
import { ExchangeDetailPane } from './ExchangeDetail'
import type { DetailTab } from './ExchangeDetail'
import { ExchangeList } from './ExchangeList'
import { TrafficEmpty } from './TrafficEmpty'
import { hasFilters, NO_FILTERS, useTraffic } from './useTraffic'
import type { TrafficFilters } from './useTraffic'

function useFilterChoices() {
  const client = useAdminClient()
  const apps = useQuery({
    queryKey: ['traffic', 'filter-apps'],
    queryFn: ({ signal }) => client.get<Array<{ name: string }>>('/apps', { signal }),
    staleTime: 30_000,
  })
  const users = useQuery({
    queryKey: ['traffic', 'filter-users'],
    queryFn: ({ signal }) => client.get<Array<{ username: string }>>('/users', { signal }),
    staleTime: 30_000,
  })
  return {
    apps: apps.data?.map((app) => app.name) ?? [],
    users: users.data?.map((user) => user.username) ?? [],
  }
}

function selectedFromRoute(segments: string[]): number | null {
  const id = Number(segments[0])
  return Number.isInteger(id) && id > 0 ? id : null
}

/** DELETE /exchanges, after a confirmation: the list then empties through the `cleared` event. */
function ClearButton({ onCleared }: { onCleared: () => void }) {
  const client = useAdminClient()
  const [opened, setOpened] = useState(false)
  const clear = useMutation({
    mutationFn: () => client.send<void>('DELETE', '/exchanges'),
    onSuccess: () => {
      setOpened(false)
      onCleared()
    },
  })
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={300}>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconTrash size={16} />}
          onClick={() => setOpened((o) => !o)}
        >
          Clear
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Text size="sm">
            Delete every recorded exchange and flow? Apps, users and tokens stay as they are.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="red" size="xs" loading={clear.isPending} onClick={() => clear.mutate()}>
              Delete all
            </Button>
          </Group>
          {clear.isError && <ApiErrorAlert error={clear.error} title="The trace was not cleared" />}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

export function TrafficView() {
  const route = useRoute()
  const routeSelected = selectedFromRoute(route.segments)
  const [selectedId, setSelectedId] = useState<number | null>(routeSelected)
  const [tab, setTab] = useState<DetailTab>('request')
  const [paused, setPaused] = useState(false)
  const [filters, setFilters] = useState<TrafficFilters>(NO_FILTERS)
  const [text, setText] = useState('')
  const [debouncedText] = useDebouncedValue(text, 300)
  const choices = useFilterChoices()

  // Another view may link here with an exchange selected (#/traffic/42).
  useEffect(() => {
    if (routeSelected !== null) setSelectedId(routeSelected)
  }, [routeSelected])

  const effective = useMemo(() => ({ ...filters, text: debouncedText }), [filters, debouncedText])
  const { query, rows, pending, resume, streamState } = useTraffic(effective, paused)

  const select = useCallback((id: number | null) => {
    setSelectedId(id)
    // Keep the address shareable without adding a history entry per arrow key.
    const hash = id === null ? '#/traffic' : `#/traffic/${id}`
    window.history.replaceState(window.history.state, '', hash)
  }, [])

  const onSelect = useCallback((id: number) => select(id), [select])
  const onOpen = useCallback(() => {
    document
      .querySelector<HTMLElement>('.gh-detail-tabs [role="tab"][aria-selected="true"]')
      ?.focus()
  }, [])
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = query
  const onLoadMore = useCallback(() => void fetchNextPage(), [fetchNextPage])

  const setFilter = <K extends keyof TrafficFilters>(key: K, value: TrafficFilters[K]) =>
    setFilters((old) => ({ ...old, [key]: value }))

  const filtered = hasFilters(effective)
  const empty = query.isSuccess && rows.length === 0
  const togglePause = () => {
    if (paused) resume()
    setPaused(!paused)
  }

  return (
    <>
      <PageHeader
        title="Traffic"
        description="Every HTTP exchange with the emulated org, live: request and response, the checks that decided the answer, and the tokens it carried."
        actions={
          <>
            <Tooltip
              label={
                streamState === 'open'
                  ? 'Receiving new exchanges as they happen'
                  : 'Reconnecting to the live event stream…'
              }
            >
              <Badge
                variant="dot"
                color={paused ? 'gray' : streamState === 'open' ? 'teal' : 'orange'}
                size="lg"
                data-testid="traffic-live"
                data-state={paused ? 'paused' : streamState}
              >
                {paused ? 'Paused' : streamState === 'open' ? 'Live' : 'Reconnecting'}
              </Badge>
            </Tooltip>
            <ClearButton onCleared={() => select(null)} />
            <Button
              variant={paused ? 'filled' : 'default'}
              leftSection={paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
              onClick={togglePause}
              data-testid="traffic-pause"
            >
              {paused ? `Resume${pending ? ` · ${pending} new` : ''}` : 'Pause'}
            </Button>
          </>
        }
      />
      <Paper withBorder radius="md" p="xs" mb="sm" className="gh-traffic-toolbar">
        <Group gap="xs" wrap="wrap">
          <TextInput
            placeholder="Search URLs, headers, bodies, failed steps…"
            leftSection={<IconSearch size={16} />}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            rightSection={
              text ? (
                <CloseButton size="sm" aria-label="Clear the search" onClick={() => setText('')} />
              ) : undefined
            }
            aria-label="Search exchanges"
            style={{ flex: '1 1 240px' }}
            data-testid="traffic-search"
          />
          <SegmentedControl
            value={filters.status ?? 'all'}
            onChange={(value) =>
              setFilter('status', value === 'all' ? null : (value as 'ok' | 'failed'))
            }
            data={[
              { value: 'all', label: 'All' },
              { value: 'ok', label: 'OK' },
              { value: 'failed', label: 'Failed' },
            ]}
            aria-label="Outcome"
            data-testid="traffic-status-filter"
          />
          <Select
            placeholder="Any app"
            data={choices.apps}
            value={filters.app}
            onChange={(value) => setFilter('app', value)}
            clearable
            searchable
            aria-label="App"
            w={170}
          />
          <Select
            placeholder="Any user"
            data={choices.users}
            value={filters.user}
            onChange={(value) => setFilter('user', value)}
            clearable
            searchable
            aria-label="User"
            w={190}
          />
          <Select
            placeholder="Any endpoint"
            data={[...TRACE_ENDPOINTS]}
            value={filters.endpoint}
            onChange={(value) => setFilter('endpoint', value as TraceEndpoint | null)}
            clearable
            aria-label="Endpoint"
            w={150}
          />
        </Group>
      </Paper>

      {query.isError ? (
        <ApiErrorAlert
          error={query.error}
          title="The exchanges could not be loaded"
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : empty && !filtered ? (
        <TrafficEmpty />
      ) : (
        <div
          className="gh-traffic-split"
          data-detail={selectedId !== null || undefined}
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || selectedId === null || event.defaultPrevented) return
            event.preventDefault()
            select(null)
            document.querySelector<HTMLElement>('[data-testid="traffic-list"]')?.focus()
          }}
        >
          <Paper withBorder radius="md" className="gh-traffic-pane">
            {empty ? (
              <Text c="dimmed" p="xl" ta="center" data-testid="traffic-no-match">
                No exchange matches these filters.
              </Text>
            ) : (
              <ExchangeList
                rows={rows}
                selectedId={selectedId}
                compact={selectedId !== null}
                hasMore={Boolean(hasNextPage)}
                loadingMore={isFetchingNextPage || query.isPending}
                onLoadMore={onLoadMore}
                onSelect={onSelect}
                onOpen={onOpen}
              />
            )}
            <div className="gh-traffic-foot">
              <Text size="xs" c="dimmed" className="gh-tabular" data-testid="traffic-count">
                {query.isPending
                  ? 'Loading…'
                  : `${rows.length.toLocaleString()}${hasNextPage ? '+' : ''} ${
                      rows.length === 1 ? 'exchange' : 'exchanges'
                    }${filtered ? ' matching' : ''}`}
              </Text>
              <Text size="xs" c="dimmed">
                ↑ ↓ select · Enter open · Esc close
              </Text>
            </div>
          </Paper>
          {selectedId !== null && (
            <Paper withBorder radius="md" className="gh-traffic-detail">
              <ExchangeDetailPane
                key={selectedId}
                id={selectedId}
                tab={tab}
                onTab={setTab}
                onClose={() => select(null)}
              />
            </Paper>
          )}
        </div>
      )}
    </>
  )
}
