import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import type { AdminEvent, ExchangeSummary, Page, TraceEndpoint } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { useAdminEvents } from '../../api/events'

export interface TrafficFilters {
  app: string | null
  user: string | null
  status: 'ok' | 'failed' | null
  endpoint: TraceEndpoint | null
  text: string
}

export const NO_FILTERS: TrafficFilters = {
  app: null,
  user: null,
  status: null,
  endpoint: null,
  text: '',
}

export const PAGE_SIZE = 500
/** Live rows kept above the fetched pages before they are folded into a refetch. */
const LIVE_LIMIT = 20_000
const FLUSH_MS = 120

export function hasFilters(filters: TrafficFilters): boolean {
  return Boolean(
    filters.app || filters.user || filters.status || filters.endpoint || filters.text.trim(),
  )
}

function queryString(filters: TrafficFilters, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) })
  if (filters.app) params.set('app', filters.app)
  if (filters.user) params.set('user', filters.user)
  if (filters.status) params.set('status', filters.status)
  if (filters.endpoint) params.set('endpoint', filters.endpoint)
  if (filters.text.trim()) params.set('text', filters.text.trim())
  if (cursor) params.set('cursor', cursor)
  return params.toString()
}

const same = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.toLowerCase() === b.toLowerCase()

/** Whether a live exchange passes the filters (the text search is the server's: see below). */
function matches(exchange: ExchangeSummary, filters: TrafficFilters): boolean {
  if (filters.app && !same(exchange.appKey, filters.app) && !same(exchange.appName, filters.app))
    return false
  if (
    filters.user &&
    !same(exchange.userId, filters.user) &&
    !same(exchange.username, filters.user)
  )
    return false
  if (filters.status && exchange.outcome !== filters.status) return false
  if (filters.endpoint && exchange.endpoint !== filters.endpoint) return false
  return true
}

export const trafficKey = (filters: TrafficFilters) => ['traffic', 'exchanges', filters] as const

/**
 * The traffic list: pages of GET /exchanges (newest first, cursor paging) with the exchanges
 * the event stream announces on top. While paused, new exchanges are counted, not shown.
 */
export function useTraffic(filters: TrafficFilters, paused: boolean) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const query = useInfiniteQuery({
    queryKey: trafficKey(filters),
    queryFn: ({ pageParam, signal }) =>
      client.get<Page<ExchangeSummary>>(`/exchanges?${queryString(filters, pageParam)}`, {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
    // Exchanges that arrive live are added on top of the current filter's pages, not to the
    // cached pages of another filter: a filter left behind (a search cleared, the view left)
    // is dropped at once, so coming back to it asks the server again instead of showing a
    // list without what arrived meanwhile.
    gcTime: 0,
    refetchOnWindowFocus: false,
    // Pages are appended, never changed: comparing 100k rows on each fetch buys nothing.
    structuralSharing: false,
  })

  const [live, setLive] = useState<ExchangeSummary[]>([])
  const [pending, setPending] = useState<ExchangeSummary[]>([])
  const buffer = useRef<ExchangeSummary[]>([])
  const timer = useRef<number | undefined>(undefined)
  const latest = useRef({ filters, paused })
  latest.current = { filters, paused }

  // A new filter starts from the server's answer.
  useEffect(() => {
    setLive([])
    setPending([])
    buffer.current = []
  }, [filters])

  const flush = useCallback(() => {
    timer.current = undefined
    const arrived = buffer.current
    buffer.current = []
    if (arrived.length === 0) return
    const newestFirst = arrived.reverse()
    if (latest.current.paused) setPending((old) => [...newestFirst, ...old])
    else setLive((old) => [...newestFirst, ...old].slice(0, LIVE_LIMIT))
  }, [])

  useEffect(() => () => window.clearTimeout(timer.current), [])

  const textRefresh = useRef<number | undefined>(undefined)
  const onEvent = useCallback(
    (event: AdminEvent) => {
      const { filters: current } = latest.current
      if (event.type === 'cleared') {
        setLive([])
        setPending([])
        buffer.current = []
        void queryClient.resetQueries({ queryKey: ['traffic', 'exchanges'] })
        return
      }
      if (event.type !== 'exchange') return
      if (!matches(event.exchange, current)) return
      if (current.text.trim()) {
        // Only the server knows whether headers and bodies hold the text: ask it again soon.
        window.clearTimeout(textRefresh.current)
        textRefresh.current = window.setTimeout(() => {
          void queryClient.refetchQueries({ queryKey: trafficKey(current) })
        }, 600)
        return
      }
      buffer.current.push(event.exchange)
      timer.current ??= window.setTimeout(flush, FLUSH_MS)
    },
    [flush, queryClient],
  )
  useEffect(() => () => window.clearTimeout(textRefresh.current), [])

  const streamState = useAdminEvents(onEvent)

  const resume = useCallback(() => {
    setLive((old) => [...pending, ...old].slice(0, LIVE_LIMIT))
    setPending([])
  }, [pending])

  const pages = query.data?.pages
  const fetched = useMemo(() => pages?.flatMap((page) => page.items) ?? [], [pages])
  const rows = useMemo(() => {
    const newestFetched = fetched[0]?.id ?? 0
    const seen = new Set<number>()
    const fresh = live.filter((row) => {
      if (row.id <= newestFetched || seen.has(row.id)) return false
      seen.add(row.id)
      return true
    })
    return fresh.length ? [...fresh, ...fetched] : fetched
  }, [fetched, live])

  return { query, rows, pending: pending.length, resume, streamState }
}
