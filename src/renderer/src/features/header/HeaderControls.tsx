import { useState } from 'react'
import type { ComponentPropsWithoutRef, ReactNode, Ref } from 'react'
import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Popover,
  Stack,
  Switch,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  IconBolt,
  IconClock,
  IconClockPause,
  IconClockPlay,
  IconNetwork,
  IconRefresh,
} from '@tabler/icons-react'
import type { ClockResponse } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { queryKeys } from '../../api/queries'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { ViewLink } from '../../components/ViewLink'
import { formatOffset, formatTime, useVirtualNow } from '../status/clock'
import './header.css'
import { PausedControl } from '../breakpoints/PausedControl'

interface ClientIpSettings {
  clientIp: string | null
  appClientIps: Record<string, string>
  userClientIps: Record<string, string>
  trustForwardedFor: boolean
}

interface FaultRuleView {
  id: string
  name?: string
  enabled: boolean
  fired: number
  remaining: number | null
  when: Record<string, unknown>
  then: Record<string, unknown>
}

const keys = {
  clock: ['header', 'clock'] as const,
  clientIp: ['header', 'client-ip'] as const,
  faults: ['header', 'faults'] as const,
}

function ChipButton({
  icon,
  label,
  detail,
  active,
  testId,
  ref,
  ...others
}: {
  icon: ReactNode
  label: string
  detail?: ReactNode
  active?: boolean
  testId: string
  ref?: Ref<HTMLButtonElement>
} & Omit<ComponentPropsWithoutRef<'button'>, 'children'>) {
  // Popover.Target hands its ref and handlers down: they must reach the button.
  return (
    <UnstyledButton
      {...others}
      ref={ref}
      className={others.className ? `gh-header-chip ${others.className}` : 'gh-header-chip'}
      data-active={active || undefined}
      data-testid={testId}
      aria-haspopup="dialog"
    >
      {icon}
      <span className="gh-header-chip-label">{label}</span>
      {detail}
    </UnstyledButton>
  )
}

function ClockControl() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const [opened, setOpened] = useState(false)
  const clock = useQuery({
    queryKey: keys.clock,
    queryFn: ({ signal }) => client.get<ClockResponse>('/clock', { signal }),
    refetchInterval: 30_000,
  })
  const now = useVirtualNow(
    clock.data ?? { now: new Date().toISOString(), offsetSeconds: 0, frozen: false },
    clock.dataUpdatedAt || Date.now(),
  )
  const change = useMutation({
    mutationFn: (action: { path: string; body?: unknown }) =>
      client.send<ClockResponse>('POST', action.path, action.body),
    onSuccess: (data) => {
      queryClient.setQueryData(keys.clock, data)
      void queryClient.invalidateQueries({ queryKey: queryKeys.status })
    },
  })
  const data = clock.data
  const shifted = Boolean(data && (data.offsetSeconds !== 0 || data.frozen))
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={300}>
      <Popover.Target>
        <ChipButton
          icon={data?.frozen ? <IconClockPause size={17} /> : <IconClock size={17} />}
          label={clock.isError ? 'Clock?' : formatTime(now)}
          detail={
            data && data.offsetSeconds !== 0 ? (
              <Badge size="sm" variant="light" color="orange">
                {formatOffset(data.offsetSeconds)}
              </Badge>
            ) : data?.frozen ? (
              <Badge size="sm" variant="light" color="blue">
                frozen
              </Badge>
            ) : null
          }
          active={shifted}
          testId="header-clock"
          onClick={() => setOpened((o) => !o)}
        />
      </Popover.Target>
      <Popover.Dropdown data-testid="header-clock-popover">
        <Stack gap="sm">
          <div>
            <Text fw={650}>Virtual clock</Text>
            <Text size="xs" c="dimmed">
              Everything that expires reads this clock: codes, tokens, sessions, policies.
            </Text>
          </div>
          <Text className="gh-mono gh-tabular" size="lg" fw={600}>
            {now.toLocaleString()}
          </Text>
          <Text size="sm" c="dimmed">
            Offset {data ? formatOffset(data.offsetSeconds) : '…'} ·{' '}
            {data?.frozen ? 'frozen' : 'running'}
          </Text>
          <Group gap="xs" grow>
            <Button
              variant="default"
              size="xs"
              onClick={() => change.mutate({ path: '/clock/advance', body: { by: '+1h' } })}
            >
              +1 h
            </Button>
            <Button
              variant="default"
              size="xs"
              onClick={() => change.mutate({ path: '/clock/advance', body: { by: '+1d' } })}
            >
              +1 day
            </Button>
          </Group>
          <Group gap="xs" grow>
            <Button
              variant="default"
              size="xs"
              leftSection={
                data?.frozen ? <IconClockPlay size={15} /> : <IconClockPause size={15} />
              }
              onClick={() =>
                change.mutate({ path: data?.frozen ? '/clock/unfreeze' : '/clock/freeze' })
              }
            >
              {data?.frozen ? 'Unfreeze' : 'Freeze'}
            </Button>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconRefresh size={15} />}
              onClick={() => change.mutate({ path: '/clock/reset' })}
              disabled={!shifted}
            >
              Reset
            </Button>
          </Group>
          {(clock.isError || change.isError) && (
            <ApiErrorAlert
              error={change.error ?? clock.error}
              title="The clock did not change"
              onRetry={change.isError ? undefined : () => void clock.refetch()}
            />
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

function ClientIpControl() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const [opened, setOpened] = useState(false)
  const [draft, setDraft] = useState('')
  const settings = useQuery({
    queryKey: keys.clientIp,
    queryFn: ({ signal }) => client.get<ClientIpSettings>('/simulation/client-ip', { signal }),
  })
  const save = useMutation({
    mutationFn: (clientIp: string | null) =>
      client.send<ClientIpSettings>('PUT', '/simulation/client-ip', { clientIp }),
    onSuccess: (data) => {
      queryClient.setQueryData(keys.clientIp, data)
      setDraft('')
    },
  })
  const current = settings.data?.clientIp ?? null
  const overrides =
    Object.keys(settings.data?.appClientIps ?? {}).length +
    Object.keys(settings.data?.userClientIps ?? {}).length
  const submit = () => {
    const value = draft.trim()
    if (value) save.mutate(value)
  }
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      shadow="md"
      width={320}
      trapFocus
    >
      <Popover.Target>
        <ChipButton
          icon={<IconNetwork size={17} />}
          label={settings.isError ? 'IP?' : (current ?? 'Socket IP')}
          active={current !== null}
          testId="header-client-ip"
          onClick={() => setOpened((o) => !o)}
        />
      </Popover.Target>
      <Popover.Dropdown data-testid="header-ip-popover">
        <Stack gap="sm">
          <div>
            <Text fw={650}>Simulated client IP</Text>
            <Text size="xs" c="dimmed">
              The address IP restrictions, trusted ranges and login IP ranges judge requests by.
            </Text>
          </div>
          <Text size="sm">
            Now:{' '}
            <b className="gh-mono">{current ?? 'none — the real socket address (127.0.0.1)'}</b>
          </Text>
          {overrides > 0 && (
            <Text size="xs" c="dimmed">
              {overrides} per-app or per-user {overrides === 1 ? 'address' : 'addresses'} also
              apply.
            </Text>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault()
              submit()
            }}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                placeholder="e.g. 203.0.113.7"
                value={draft}
                onChange={(event) => setDraft(event.currentTarget.value)}
                aria-label="Client IP to simulate"
                style={{ flex: 1 }}
                data-testid="header-ip-input"
                data-autofocus
              />
              <Button type="submit" loading={save.isPending} disabled={!draft.trim()}>
                Set
              </Button>
            </Group>
          </form>
          <Group gap="xs">
            {['10.0.0.5', '192.168.10.20', '203.0.113.7'].map((ip) => (
              <Button key={ip} size="compact-xs" variant="light" onClick={() => save.mutate(ip)}>
                {ip}
              </Button>
            ))}
          </Group>
          {current !== null && (
            <Button variant="default" size="xs" onClick={() => save.mutate(null)}>
              Use the real socket address
            </Button>
          )}
          {(save.isError || settings.isError) && (
            <ApiErrorAlert
              error={save.error ?? settings.error}
              title={save.isError ? 'The IP was not changed' : 'The IP could not be read'}
            />
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

function describeRule(rule: FaultRuleView): string {
  const then = rule.then
  const action =
    typeof then.preset === 'string'
      ? then.preset.replace(/-/g, ' ')
      : then.respond && typeof then.respond === 'object'
        ? `answer ${(then.respond as { status?: number }).status ?? ''} ${(then.respond as { error?: string }).error ?? ''}`
        : Object.keys(then).join(', ')
  const when = Object.entries(rule.when)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join('/') : String(value)}`)
    .join(', ')
  return when ? `${action} — when ${when}` : `${action} — every request`
}

function FaultsControl() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const [opened, setOpened] = useState(false)
  const faults = useQuery({
    queryKey: keys.faults,
    queryFn: ({ signal }) => client.get<FaultRuleView[]>('/faults', { signal }),
    refetchInterval: 20_000,
  })
  const toggle = useMutation({
    mutationFn: (rule: { id: string; enabled: boolean }) =>
      client.send<FaultRuleView>('PATCH', `/faults/${encodeURIComponent(rule.id)}`, {
        enabled: rule.enabled,
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.faults }),
  })
  const rules = faults.data ?? []
  const active = rules.filter((rule) => rule.enabled).length
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={380}>
      <Popover.Target>
        <ChipButton
          icon={<IconBolt size={17} />}
          label={faults.isError ? 'Faults?' : active === 1 ? '1 fault' : `${active} faults`}
          active={active > 0}
          testId="header-faults"
          onClick={() => setOpened((o) => !o)}
        />
      </Popover.Target>
      <Popover.Dropdown data-testid="header-faults-popover">
        <Stack gap="sm">
          <div>
            <Text fw={650}>Fault rules</Text>
            <Text size="xs" c="dimmed">
              Failures injected on purpose. Switch one on and the next matching request gets it.
            </Text>
          </div>
          {faults.isPending ? (
            <Text size="sm" c="dimmed">
              Loading…
            </Text>
          ) : rules.length === 0 ? (
            <Alert variant="light" color="gray" p="sm">
              <Text size="sm">
                This workspace has no fault rules. Add them under <b>faults</b> in the{' '}
                <ViewLink view="workspace">Workspace</ViewLink> (presets such as
                <span className="gh-mono"> ip-restricted</span> or
                <span className="gh-mono"> expired-access-token</span>).
              </Text>
            </Alert>
          ) : (
            <Stack gap={0} className="gh-fault-list">
              {rules.map((rule, index) => (
                <div key={rule.id}>
                  {index > 0 && <Divider />}
                  <Group justify="space-between" wrap="nowrap" py={8} gap="sm">
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600} truncate="end">
                        {rule.name ?? rule.id}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {describeRule(rule)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        fired {rule.fired}×
                        {rule.remaining !== null ? ` · ${rule.remaining} left` : ''}
                      </Text>
                    </div>
                    <Switch
                      checked={rule.enabled}
                      onChange={(event) =>
                        toggle.mutate({ id: rule.id, enabled: event.currentTarget.checked })
                      }
                      aria-label={`${rule.enabled ? 'Turn off' : 'Turn on'} ${rule.name ?? rule.id}`}
                      data-testid={`fault-toggle-${rule.id}`}
                    />
                  </Group>
                </div>
              ))}
            </Stack>
          )}
          {(faults.isError || toggle.isError) && (
            <ApiErrorAlert
              error={toggle.error ?? faults.error}
              title={toggle.isError ? 'The rule was not switched' : 'The rules could not be read'}
              onRetry={faults.isError ? () => void faults.refetch() : undefined}
            />
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

/** The header's engine controls: virtual clock, simulated client IP, fault rules, breakpoints. */
export function HeaderControls() {
  return (
    <Group gap={6} wrap="nowrap" visibleFrom="lg" data-testid="header-controls">
      <ClockControl />
      <ClientIpControl />
      <FaultsControl />
      <PausedControl />
    </Group>
  )
}
