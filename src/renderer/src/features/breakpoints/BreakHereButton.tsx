import { useState } from 'react'
import { ActionIcon, Tooltip } from '@mantine/core'
import { IconPlayerPause } from '@tabler/icons-react'
import { TRACE_ENDPOINTS, type ExchangeSummary } from '../../../../shared/admin-api'
import { useBreakpointChange } from './api'

// A breakpoint's matcher names every endpoint of the trace but the asset token's own.
const MATCHABLE: ReadonlySet<string> = new Set(TRACE_ENDPOINTS.filter((e) => e !== 'asset'))

/**
 * "Break here next time": a breakpoint matching this exchange's endpoint, method, app and
 * grant type, pausing the next one at request (where its parameters can still change).
 */
export function BreakHereButton({ exchange }: { exchange: ExchangeSummary }) {
  const change = useBreakpointChange()
  const [done, setDone] = useState(false)
  if (!MATCHABLE.has(exchange.endpoint)) return null
  const when: Record<string, unknown> = { endpoint: exchange.endpoint, method: exchange.method }
  if (exchange.appKey) when.app = exchange.appKey
  if (exchange.grantType && exchange.endpoint === 'token') when.grantType = exchange.grantType
  const name = `Next ${exchange.method} ${exchange.url.split('?')[0]}${exchange.appName ? ` of ${exchange.appName}` : ''}`
  const label = done
    ? 'Breakpoint set: the next exchange like this one pauses at request'
    : change.isError
      ? `Not set: ${change.error.message}`
      : 'Break here next time: pause the next exchange like this one at request'
  return (
    <Tooltip label={label} multiline w={260}>
      <ActionIcon
        variant="default"
        size="lg"
        loading={change.isPending}
        color={done ? 'teal' : change.isError ? 'red' : undefined}
        onClick={() =>
          change.mutate(
            { create: { name, when: { ...when, times: 1 }, at: 'request' } },
            { onSuccess: () => setDone(true) },
          )
        }
        aria-label={label}
        data-testid="break-here"
        data-state={done ? 'set' : undefined}
      >
        <IconPlayerPause size={18} color={done ? 'var(--mantine-color-teal-filled)' : undefined} />
      </ActionIcon>
    </Tooltip>
  )
}
