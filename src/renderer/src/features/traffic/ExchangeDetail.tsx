import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { IconCheck, IconRoute, IconTerminal2, IconX } from '@tabler/icons-react'
import type { ExchangeDetail as Detail } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { useBaseUrl } from '../../api/useOrigin'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { copyText } from '../../components/copy'
import { hrefFor } from '../../shell/router'
import { BodyView, HeadersTable } from './BodyView'
import {
  curlCommand,
  formatClock,
  formatDuration,
  grantLabel,
  headerValue,
  METHOD_COLORS,
  statusColor,
  stepLabel,
} from './format'
import { TokensTab } from './TokensTab'
import { WhyTab } from './WhyTab'
import { BreakHereButton } from '../breakpoints/BreakHereButton'

export type DetailTab = 'request' | 'response' | 'why' | 'tokens' | 'timing'

export function useExchangeDetail(id: number | null) {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['traffic', 'exchange', id],
    queryFn: ({ signal }) => client.get<Detail>(`/exchanges/${id}`, { signal }),
    enabled: id !== null,
    staleTime: Infinity,
  })
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6} style={{ letterSpacing: '0.05em' }}>
        {title}
      </Text>
      {children}
    </div>
  )
}

function CurlButton({ exchange }: { exchange: Detail }) {
  const baseUrl = useBaseUrl()
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = window.setTimeout(() => setState('idle'), 1600)
    return () => window.clearTimeout(timer)
  }, [state])
  return (
    <Button
      size="xs"
      variant="default"
      leftSection={
        state === 'copied' ? (
          <IconCheck size={16} />
        ) : state === 'failed' ? (
          <IconX size={16} />
        ) : (
          <IconTerminal2 size={16} />
        )
      }
      color={state === 'copied' ? 'teal' : undefined}
      onClick={() => {
        copyText(curlCommand(exchange, baseUrl)).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }}
      data-testid="copy-curl"
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : 'Copy as curl'}
    </Button>
  )
}

function TimingTab({ exchange }: { exchange: Detail }) {
  const rows: Array<[string, string]> = [
    ['Started (virtual clock)', new Date(exchange.startedAt).toLocaleString()],
    ['Server time', formatDuration(exchange.durationMs)],
    ['Judged client IP', exchange.clientIp ?? '—'],
    ['Socket address', exchange.socketIp ?? '—'],
    ['Endpoint', exchange.endpoint],
    ['Grant type', grantLabel(exchange.grantType) || '—'],
    ['Grant id', exchange.grantId ?? '—'],
    ['Flow', exchange.flowId ? `#${exchange.flowId}` : '—'],
  ]
  return (
    <Stack gap="md">
      <div className="gh-timing-bar" aria-hidden>
        <div
          className="gh-timing-fill"
          style={{ width: `${Math.min(100, 8 + Math.log10(1 + exchange.durationMs) * 30)}%` }}
        />
      </div>
      <Table className="gh-kv-table" verticalSpacing={5} horizontalSpacing="sm">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Td className="gh-kv-key">{label}</Table.Td>
              <Table.Td className="gh-mono">{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        The server time runs from the request&apos;s arrival to the last byte of the answer, on the
        real clock; the start time is the virtual clock&apos;s.
      </Text>
    </Stack>
  )
}

/** One exchange: header line, copy as curl, and the Request / Response / Why / Tokens / Timing tabs. */
export function ExchangeDetailPane({
  id,
  tab,
  onTab,
  onClose,
  showFlowLink = true,
}: {
  id: number
  tab: DetailTab
  onTab: (tab: DetailTab) => void
  onClose?: () => void
  showFlowLink?: boolean
}) {
  const detail = useExchangeDetail(id)
  const baseUrl = useBaseUrl()

  if (detail.isPending) {
    return (
      <Stack p="md" gap="sm" aria-busy aria-label="Loading the exchange">
        <Skeleton h={28} w="70%" />
        <Skeleton h={18} w="40%" />
        <Skeleton h={220} />
      </Stack>
    )
  }
  if (detail.isError) {
    return (
      <Stack p="md">
        <ApiErrorAlert
          error={detail.error}
          title={`Exchange #${id} could not be loaded`}
          onRetry={() => void detail.refetch()}
          retrying={detail.isFetching}
        />
        {onClose && (
          <Button variant="default" onClick={onClose} w="fit-content">
            Close
          </Button>
        )}
      </Stack>
    )
  }
  const exchange = detail.data
  const failedStep = exchange.steps.find((step) => step.outcome === 'failed')
  const location = headerValue(exchange.response.headers, 'location')
  return (
    <div className="gh-detail" data-testid="exchange-detail" data-exchange-id={exchange.id}>
      <div className="gh-detail-head">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap={8} wrap="nowrap">
              <Badge color={METHOD_COLORS[exchange.method] ?? 'gray'} variant="light" radius="sm">
                {exchange.method}
              </Badge>
              <Badge
                color={statusColor(exchange.status, exchange.outcome)}
                variant="filled"
                radius="sm"
                data-testid="detail-status"
              >
                {exchange.status}
              </Badge>
              <Title order={2} size="h4" className="gh-mono gh-ellipsis" title={exchange.url}>
                {exchange.url.split('?')[0]}
              </Title>
            </Group>
            <Text size="xs" c="dimmed">
              #{exchange.id} · {formatClock(exchange.startedAt)} ·{' '}
              {formatDuration(exchange.durationMs)}
              {exchange.appName ? ` · ${exchange.appName}` : ''}
              {exchange.username ? ` · ${exchange.username}` : ''}
              {failedStep ? ` · failed at ${stepLabel(failedStep.name)}` : ''}
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            <BreakHereButton exchange={exchange} />
            <CurlButton exchange={exchange} />
            {showFlowLink && exchange.flowId && (
              <Tooltip label={`Open flow #${exchange.flowId}`}>
                <ActionIcon
                  component="a"
                  href={hrefFor('flows', String(exchange.flowId))}
                  variant="default"
                  size="lg"
                  aria-label={`Open flow #${exchange.flowId}`}
                >
                  <IconRoute size={18} />
                </ActionIcon>
              </Tooltip>
            )}
            {onClose && (
              <Tooltip label="Close (Esc)">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  onClick={onClose}
                  aria-label="Close the exchange"
                >
                  <IconX size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => value && onTab(value as DetailTab)}
        className="gh-detail-tabs"
        keepMounted={false}
      >
        <Tabs.List px="sm">
          <Tabs.Tab value="request">Request</Tabs.Tab>
          <Tabs.Tab value="response">Response</Tabs.Tab>
          <Tabs.Tab
            value="why"
            rightSection={
              failedStep ? (
                <Badge size="xs" color="red" variant="filled" circle>
                  !
                </Badge>
              ) : undefined
            }
          >
            Why
          </Tabs.Tab>
          <Tabs.Tab
            value="tokens"
            rightSection={
              exchange.jwts.length ? (
                <Badge size="xs" variant="light" circle>
                  {exchange.jwts.length}
                </Badge>
              ) : undefined
            }
          >
            Tokens
          </Tabs.Tab>
          <Tabs.Tab value="timing">Timing</Tabs.Tab>
        </Tabs.List>
        <ScrollArea className="gh-detail-body" type="auto" offsetScrollbars>
          <Paper p="md" radius={0} bg="transparent">
            <Tabs.Panel value="request">
              <Stack gap="lg">
                <Section title="URL">
                  <Text className="gh-mono" size="sm">
                    <b>{exchange.method}</b> {baseUrl}
                    {exchange.url}
                  </Text>
                </Section>
                <Section title="Headers">
                  <HeadersTable headers={exchange.request.headers} label="Request headers" />
                </Section>
                <Section title="Body">
                  <BodyView body={exchange.request.body} label="request body" />
                </Section>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="response">
              <Stack gap="lg">
                <Section title="Status">
                  <Text size="sm">
                    <b>{exchange.status}</b>
                    {location ? (
                      <>
                        {' '}
                        → <span className="gh-mono">{location}</span>
                      </>
                    ) : null}
                  </Text>
                </Section>
                <Section title="Headers">
                  <HeadersTable headers={exchange.response.headers} label="Response headers" />
                </Section>
                <Section title="Body">
                  <BodyView body={exchange.response.body} label="response body" />
                </Section>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="why">
              <WhyTab exchange={exchange} />
            </Tabs.Panel>
            <Tabs.Panel value="tokens">
              <TokensTab exchange={exchange} />
            </Tabs.Panel>
            <Tabs.Panel value="timing">
              <TimingTab exchange={exchange} />
            </Tabs.Panel>
          </Paper>
        </ScrollArea>
      </Tabs>
    </div>
  )
}
