import './breakpoints.css'
import { useEffect, useRef, useState } from 'react'
import {
  ActionIcon,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Stack,
  Switch,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { IconPlayerPause, IconTrash } from '@tabler/icons-react'
import { useBreakpointChange, useBreakpoints, usePaused } from './api'
import { Countdown } from './Countdown'
import { notifyPaused } from './notify'
import { PausedDetail } from './PausedDetail'

function BreakpointList() {
  const breakpoints = useBreakpoints()
  const change = useBreakpointChange()
  if (!breakpoints.data?.length) {
    return (
      <Text size="sm" c="dimmed">
        No breakpoints. Use “Break here next time” on any exchange in Traffic, or POST one to
        /breakpoints.
      </Text>
    )
  }
  return (
    <Stack gap={6}>
      {breakpoints.data.map((bp) => (
        <Group key={bp.id} justify="space-between" wrap="nowrap" data-testid="breakpoint-row">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate="end">
              {bp.name ?? bp.id}
            </Text>
            <Text size="xs" c="dimmed" className="gh-mono" truncate="end">
              at {bp.at ?? 'request'} ·{' '}
              {Object.entries(bp.when)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(' ')}
            </Text>
          </div>
          <Group gap={4} wrap="nowrap">
            <Switch
              size="sm"
              checked={bp.enabled}
              onChange={(e) => change.mutate({ id: bp.id, enabled: e.currentTarget.checked })}
              aria-label={`Breakpoint ${bp.id} on`}
            />
            <Tooltip label="Remove">
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove breakpoint ${bp.id}`}
                onClick={() => change.mutate({ remove: bp.id })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      ))}
    </Stack>
  )
}

/**
 * The header's "Paused" badge: how many exchanges breakpoints hold (it pulses when one
 * arrives), opening the panel where each is looked at, changed and let go.
 */
export function PausedControl() {
  const [open, setOpen] = useState(false)
  const [selected, setSelected] = useState<string | null>(null)
  const [pulse, setPulse] = useState(0)
  const paused = usePaused((arrived) => {
    setPulse((n) => n + 1)
    notifyPaused(arrived)
  })
  const list = paused.data ?? []
  const current = list.find((p) => p.id === selected) ?? list[0]
  const pulseTimer = useRef<number | undefined>(undefined)
  const [pulsing, setPulsing] = useState(false)
  useEffect(() => {
    if (!pulse) return
    setPulsing(true)
    window.clearTimeout(pulseTimer.current)
    pulseTimer.current = window.setTimeout(() => setPulsing(false), 2400)
  }, [pulse])

  return (
    <>
      <Button
        variant={list.length ? 'filled' : 'default'}
        color={list.length ? 'orange' : 'gray'}
        size="xs"
        leftSection={<IconPlayerPause size={14} />}
        onClick={() => setOpen(true)}
        className={pulsing ? 'gh-paused-pulse' : undefined}
        data-testid="paused-badge"
        data-count={list.length}
        aria-label={`${list.length} paused exchange${list.length === 1 ? '' : 's'}`}
      >
        {list.length ? `Paused ${list.length}` : 'Breakpoints'}
      </Button>
      <Drawer
        opened={open}
        onClose={() => setOpen(false)}
        position="right"
        size="xl"
        title="Paused exchanges and breakpoints"
        data-testid="paused-panel"
      >
        <Stack gap="md">
          {list.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing is paused. When a breakpoint matches an exchange it waits here until you let
              it go (or its time runs out).
            </Text>
          ) : (
            <Stack gap={4}>
              {list.map((p) => (
                <UnstyledButton
                  key={p.id}
                  onClick={() => setSelected(p.id)}
                  className="gh-paused-item"
                  data-selected={p.id === current?.id || undefined}
                  data-testid="paused-item"
                >
                  <Group justify="space-between" wrap="nowrap">
                    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                      <Badge size="sm" variant="light">
                        {p.request.method}
                      </Badge>
                      <Text size="sm" className="gh-mono" truncate="end">
                        {new URL(p.request.url, 'http://gatehouse.invalid').pathname}
                      </Text>
                      <Badge
                        size="sm"
                        variant="outline"
                        color={p.at === 'request' ? 'blue' : 'grape'}
                      >
                        {p.at}
                      </Badge>
                    </Group>
                    <Countdown deadline={p.deadline} />
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          )}
          {current && (
            <Paper withBorder radius="md" p="md">
              <PausedDetail key={current.id} paused={current} onDone={() => setSelected(null)} />
            </Paper>
          )}
          <div>
            <Text fw={650} mb="xs">
              Breakpoints
            </Text>
            <BreakpointList />
          </div>
        </Stack>
      </Drawer>
    </>
  )
}
