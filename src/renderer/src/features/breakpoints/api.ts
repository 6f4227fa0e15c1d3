import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AdminEvent, PausedExchange } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { useAdminEvents } from '../../api/events'

export const pausedKey = ['paused'] as const
export const breakpointsKey = ['breakpoints'] as const

export interface BreakpointView {
  id: string
  name?: string
  enabled: boolean
  at?: 'request' | 'response'
  timeoutSeconds?: number
  when: Record<string, unknown>
}

/** The paused exchanges, kept current by the event stream (`paused`, `released`). */
export function usePaused(onPaused?: (paused: PausedExchange) => void) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  useAdminEvents((event: AdminEvent) => {
    if (event.type === 'paused') {
      onPaused?.(event.paused)
      void queryClient.invalidateQueries({ queryKey: pausedKey })
    } else if (event.type === 'released') {
      void queryClient.invalidateQueries({ queryKey: pausedKey })
    }
  })
  return useQuery({
    queryKey: pausedKey,
    queryFn: ({ signal }) => client.get<PausedExchange[]>('/paused', { signal }),
    // The stream says when something changes; this only catches a missed event.
    refetchInterval: 5_000,
  })
}

export function useBreakpoints() {
  const client = useAdminClient()
  return useQuery({
    queryKey: breakpointsKey,
    queryFn: ({ signal }) => client.get<BreakpointView[]>('/breakpoints', { signal }),
  })
}

export function usePresets() {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['faults', 'presets'],
    queryFn: ({ signal }) =>
      client.get<Array<{ name: string; summary: string; appliesTo: string[] }>>('/faults/presets', {
        signal,
      }),
    staleTime: Infinity,
  })
}

export type Decision =
  { kind: 'continue'; body?: unknown } | { kind: 'fail'; body: unknown } | { kind: 'drop' }

export function useDecide() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: Decision }) =>
      client.send<unknown>(
        'POST',
        `/paused/${encodeURIComponent(id)}/${decision.kind}`,
        decision.kind === 'drop' ? undefined : (decision.body ?? {}),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: pausedKey }),
  })
}

export function useBreakpointChange() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (
      change:
        { create: Record<string, unknown> } | { id: string; enabled: boolean } | { remove: string },
    ) => {
      if ('create' in change)
        return client.send<BreakpointView>('POST', '/breakpoints', change.create)
      if ('remove' in change)
        return client.send<unknown>('DELETE', `/breakpoints/${encodeURIComponent(change.remove)}`)
      return client.send<BreakpointView>('PATCH', `/breakpoints/${encodeURIComponent(change.id)}`, {
        enabled: change.enabled,
      })
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: breakpointsKey }),
  })
}
