import './flows.css'
import { useCallback, useEffect, useRef, useState } from 'react'
import {
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  IconArrowsExchange,
  IconFileCode,
  IconFileDownload,
  IconPhotoDown,
  IconPlayerPlay,
  IconRoute,
} from '@tabler/icons-react'
import type { AdminEvent, FlowDetail, FlowSummary, Page } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { useAdminEvents } from '../../api/events'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { ViewLink } from '../../components/ViewLink'
import { navigate, useRoute } from '../../shell/router'
import { ExchangeDetailPane, useExchangeDetail } from '../traffic/ExchangeDetail'
import type { DetailTab } from '../traffic/ExchangeDetail'
import { formatClock, formatDuration } from '../traffic/format'
import { RUN_FLOW_OF_KIND } from '../run/edits'
import { FLOW_KIND_LABELS, flowLabel, flowOutcome } from './flowLabel'
import { SequenceDiagram } from './SequenceDiagram'

const STATUS_COLOR = { succeeded: 'teal', failed: 'red', in_progress: 'blue' } as const

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 1000)
}

function FlowItem({
  flow,
  selected,
  onSelect,
}: {
  flow: FlowSummary
  selected: boolean
  onSelect: (id: number) => void
}) {
  return (
    <UnstyledButton
      className="gh-flow-item"
      data-selected={selected || undefined}
      data-status={flow.status}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(flow.id)}
      data-testid="flow-item"
      data-flow-id={flow.id}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={2} align="flex-start">
        <Text fw={650} size="sm">
          {FLOW_KIND_LABELS[flow.kind]}
        </Text>
        <Badge size="sm" variant="light" color={STATUS_COLOR[flow.status]} style={{ flex: 'none' }}>
          {flow.status === 'in_progress' ? 'in progress' : flow.status}
        </Badge>
      </Group>
      <Text size="sm" truncate="end">
        {[flow.appName ?? 'unknown app', flow.username].filter(Boolean).join(' · ')}
      </Text>
      {flow.status === 'failed' && (
        <Text size="xs" c="red" truncate="end">
          {flowOutcome(flow)}
        </Text>
      )}
      <Text size="xs" c="dimmed" className="gh-tabular">
        #{flow.id} · {formatClock(flow.startedAt)} · {flow.exchangeCount}{' '}
        {flow.exchangeCount === 1 ? 'exchange' : 'exchanges'}
      </Text>
    </UnstyledButton>
  )
}

function FlowPanel({ id }: { id: number }) {
  const client = useAdminClient()
  const flow = useQuery({
    queryKey: ['flows', 'detail', id],
    queryFn: ({ signal }) => client.get<FlowDetail>(`/flows/${id}`, { signal }),
  })
  const failed = useExchangeDetail(flow.data?.failedExchangeId ?? null)
  const svg = useRef<SVGSVGElement>(null)
  const [open, setOpen] = useState<number | null>(null)
  const [tab, setTab] = useState<DetailTab>('why')
  const [redact, setRedact] = useState(true)
  const [harError, setHarError] = useState<unknown>(null)
  const [harBusy, setHarBusy] = useState(false)
  const [scenarioBusy, setScenarioBusy] = useState(false)

  if (flow.isPending) return <Skeleton h={360} radius="md" />
  if (flow.isError) {
    return (
      <ApiErrorAlert
        error={flow.error}
        title={`Flow #${id} could not be loaded`}
        onRetry={() => void flow.refetch()}
        retrying={flow.isFetching}
      />
    )
  }
  const data = flow.data
  const failedStep = failed.data?.steps.find((step) => step.outcome === 'failed')
  const failure =
    data.status === 'failed' && failed.data
      ? {
          endpoint: failed.data.endpoint,
          reason: failedStep?.error?.error_description || failedStep?.detail,
        }
      : undefined
  const label = flowLabel(data, failure)
  const duration = Date.parse(data.endedAt) - Date.parse(data.startedAt)

  const exportSvg = () => {
    if (!svg.current) return
    const text = new XMLSerializer().serializeToString(svg.current)
    download(
      `gatehouse-flow-${id}.svg`,
      'image/svg+xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n${text}`,
    )
  }
  const exportHar = async () => {
    setHarBusy(true)
    setHarError(null)
    try {
      const har = await client.get<unknown>(`/flows/${id}/har${redact ? '?redact=true' : ''}`)
      download(`gatehouse-flow-${id}.har`, 'application/json', JSON.stringify(har, null, 2))
    } catch (error) {
      setHarError(error)
    } finally {
      setHarBusy(false)
    }
  }

  // A scenario file that replays this flow with its outcomes as expectations (no secrets:
  // they come from the workspace file it names, saved beside it).
  const saveScenario = async () => {
    setScenarioBusy(true)
    setHarError(null)
    try {
      const scenario = await client.get<unknown>(`/flows/${id}/scenario`)
      download(
        `flow-${id}.scenario.json`,
        'application/json',
        JSON.stringify(scenario, null, 2) + '\n',
      )
    } catch (error) {
      setHarError(error)
    } finally {
      setScenarioBusy(false)
    }
  }

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={2} size="h3" data-testid="flow-label">
              {label}
            </Title>
            <Text size="sm" c="dimmed" className="gh-tabular">
              Flow #{data.id} · {data.exchanges.length}{' '}
              {data.exchanges.length === 1 ? 'exchange' : 'exchanges'} ·{' '}
              {new Date(data.startedAt).toLocaleString()} · {formatDuration(duration)}
            </Text>
          </Stack>
          <Badge
            size="lg"
            variant="light"
            color={STATUS_COLOR[data.status]}
            style={{ flex: 'none' }}
          >
            {data.status === 'in_progress' ? 'in progress' : data.status}
          </Badge>
        </Group>
        <Group gap="sm" mt="md" wrap="wrap">
          {RUN_FLOW_OF_KIND[data.kind] && data.appName && (
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() =>
                navigate(
                  'run',
                  'new',
                  RUN_FLOW_OF_KIND[data.kind]!,
                  data.appName!,
                  data.username ?? '',
                )
              }
              data-testid="run-again"
            >
              Run this again
            </Button>
          )}
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPhotoDown size={16} />}
            onClick={exportSvg}
            data-testid="export-svg"
          >
            Export diagram (SVG)
          </Button>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconFileDownload size={16} />}
            onClick={() => void exportHar()}
            loading={harBusy}
            data-testid="export-har"
          >
            Export HAR
          </Button>
          {data.kind !== 'unknown' && (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconFileCode size={16} />}
              onClick={() => void saveScenario()}
              loading={scenarioBusy}
              data-testid="save-scenario"
            >
              Save as scenario…
            </Button>
          )}
          <Checkbox
            size="sm"
            label="Redact secrets, codes and tokens"
            checked={redact}
            onChange={(event) => setRedact(event.currentTarget.checked)}
            data-testid="har-redact"
          />
        </Group>
        {harError !== null && (
          <div style={{ marginTop: 12 }}>
            <ApiErrorAlert error={harError} title="The export did not work" />
          </div>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" className="gh-seq-paper">
        <ScrollArea type="auto">
          <SequenceDiagram
            ref={svg}
            exchanges={data.exchanges}
            selectedId={open}
            onOpen={(exchangeId) => setOpen(exchangeId)}
            title={label}
          />
        </ScrollArea>
        <Text size="xs" c="dimmed" px="xs" pt="xs">
          Click an arrow (or Tab to it and press Enter) to open the exchange.
        </Text>
      </Paper>
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size={720}
        padding={0}
        withCloseButton={false}
        aria-label="Exchange"
      >
        {open !== null && (
          <div className="gh-flow-drawer">
            <ExchangeDetailPane
              id={open}
              tab={tab}
              onTab={setTab}
              onClose={() => setOpen(null)}
              showFlowLink={false}
            />
            <Group p="sm" justify="flex-end" className="gh-flow-drawer-foot">
              <Button
                variant="light"
                leftSection={<IconArrowsExchange size={16} />}
                onClick={() => navigate('traffic', String(open))}
              >
                Show in Traffic
              </Button>
            </Group>
          </div>
        )}
      </Drawer>
    </Stack>
  )
}

export function FlowsView() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const route = useRoute()
  const routeId = Number(route.segments[0])
  const flows = useInfiniteQuery({
    queryKey: ['flows', 'list'],
    queryFn: ({ pageParam, signal }) =>
      client.get<Page<FlowSummary>>(`/flows?limit=100${pageParam ? `&cursor=${pageParam}` : ''}`, {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: false,
  })
  const list = flows.data?.pages.flatMap((page) => page.items) ?? []
  const selected = Number.isInteger(routeId) && routeId > 0 ? routeId : (list[0]?.id ?? null)

  const refresh = useRef<number | undefined>(undefined)
  const onEvent = useCallback(
    (event: AdminEvent) => {
      if (event.type === 'exchange') return
      window.clearTimeout(refresh.current)
      refresh.current = window.setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: ['flows'] })
      }, 250)
    },
    [queryClient],
  )
  useEffect(() => () => window.clearTimeout(refresh.current), [])
  useAdminEvents(onEvent)

  const select = (id: number) => navigate('flows', String(id))

  return (
    <>
      <PageHeader
        title="Flows"
        description="Exchanges tied together into OAuth flows — authorize, login, consent, token, API calls, refresh, revoke — and drawn as a sequence diagram."
      />
      {flows.isError ? (
        <ApiErrorAlert
          error={flows.error}
          title="The flows could not be loaded"
          onRetry={() => void flows.refetch()}
          retrying={flows.isFetching}
        />
      ) : flows.isPending ? (
        <Skeleton h={420} radius="md" />
      ) : list.length === 0 ? (
        <Paper withBorder radius="md" p="xl" data-testid="flows-empty">
          <Stack align="center" ta="center" gap="xs" maw={560} mx="auto">
            <IconRoute size={40} stroke={1.5} />
            <Title order={2} size="h3">
              No flows yet
            </Title>
            <Text c="dimmed">
              A flow starts with an authorization request or a token request. Run one — the{' '}
              <ViewLink view="traffic">Traffic</ViewLink> view has a curl command to start with —
              and its exchanges are tied together and drawn here.
            </Text>
          </Stack>
        </Paper>
      ) : (
        <div className="gh-flows-split">
          <Paper withBorder radius="md" className="gh-flows-list">
            <ScrollArea h="100%" type="auto">
              <nav aria-label="Flows, newest first" data-testid="flow-list">
                {list.map((flow) => (
                  <FlowItem
                    key={flow.id}
                    flow={flow}
                    selected={flow.id === selected}
                    onSelect={select}
                  />
                ))}
                {flows.hasNextPage && (
                  <Group justify="center" p="sm">
                    <Button
                      variant="subtle"
                      size="xs"
                      onClick={() => void flows.fetchNextPage()}
                      loading={flows.isFetchingNextPage}
                    >
                      Older flows
                    </Button>
                  </Group>
                )}
                {flows.isFetching && !flows.isFetchingNextPage && (
                  <Group justify="center" p="xs">
                    <Loader size="xs" />
                  </Group>
                )}
              </nav>
            </ScrollArea>
          </Paper>
          <div className="gh-flows-main">
            {selected !== null ? (
              <FlowPanel key={selected} id={selected} />
            ) : (
              <Text c="dimmed">Choose a flow.</Text>
            )}
          </div>
        </div>
      )}
    </>
  )
}
