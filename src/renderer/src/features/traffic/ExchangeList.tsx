import { memo, useEffect, useRef } from 'react'
import type { KeyboardEvent } from 'react'
import { Loader, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ExchangeSummary } from '../../../../shared/admin-api'
import { hrefFor } from '../../shell/router'
import { formatClock, formatDuration, grantLabel, pathOnly } from './format'

export const ROW_HEIGHT = 34
/** The next page is asked for when the last row in view is this close to the end. */
const PREFETCH_ROWS = 300

const COLUMNS: Array<{ id: string; label: string; compact: boolean; align?: 'right' }> = [
  { id: 'time', label: 'Time', compact: false },
  { id: 'method', label: 'Method', compact: true },
  { id: 'path', label: 'Path', compact: true },
  { id: 'status', label: 'Status', compact: true },
  { id: 'app', label: 'App', compact: false },
  { id: 'user', label: 'User', compact: false },
  { id: 'grant', label: 'Grant', compact: false },
  { id: 'flow', label: 'Flow', compact: false },
  { id: 'duration', label: 'Duration', compact: true, align: 'right' },
]

const Row = memo(function Row({
  exchange,
  top,
  selected,
  compact,
  onSelect,
}: {
  exchange: ExchangeSummary
  top: number
  selected: boolean
  compact: boolean
  onSelect: (id: number) => void
}) {
  const failed = exchange.outcome === 'failed'
  return (
    <div
      role="option"
      id={`gh-exchange-${exchange.id}`}
      aria-selected={selected}
      className="gh-traffic-row"
      data-failed={failed || undefined}
      data-selected={selected || undefined}
      data-exchange-id={exchange.id}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(exchange.id)}
    >
      {!compact && (
        <span className="gh-traffic-cell gh-tabular" data-col="time">
          {formatClock(exchange.startedAt)}
        </span>
      )}
      <span className="gh-traffic-cell" data-col="method">
        <span className="gh-method" data-method={exchange.method}>
          {exchange.method}
        </span>
      </span>
      <span className="gh-traffic-cell gh-traffic-path" data-col="path" title={exchange.url}>
        {pathOnly(exchange.url)}
        {exchange.url.length > pathOnly(exchange.url).length && (
          <span className="gh-traffic-query">
            {exchange.url.slice(pathOnly(exchange.url).length)}
          </span>
        )}
      </span>
      <span className="gh-traffic-cell" data-col="status">
        <span
          className="gh-status"
          data-tone={
            exchange.status >= 500
              ? 'error'
              : exchange.status >= 400 || failed
                ? 'fail'
                : exchange.status >= 300
                  ? 'redirect'
                  : 'ok'
          }
        >
          {exchange.status}
        </span>
      </span>
      {!compact && (
        <>
          <span className="gh-traffic-cell gh-dim" data-col="app">
            {exchange.appName ?? '—'}
          </span>
          <span className="gh-traffic-cell gh-dim" data-col="user">
            {exchange.username ?? '—'}
          </span>
          <span className="gh-traffic-cell gh-dim" data-col="grant">
            {grantLabel(exchange.grantType) || '—'}
          </span>
          <span className="gh-traffic-cell" data-col="flow">
            {exchange.flowId ? (
              <a
                href={hrefFor('flows', String(exchange.flowId))}
                onClick={(event) => event.stopPropagation()}
                tabIndex={-1}
                className="gh-flow-link"
              >
                #{exchange.flowId}
              </a>
            ) : (
              <span className="gh-dim">—</span>
            )}
          </span>
        </>
      )}
      <span className="gh-traffic-cell gh-tabular gh-dim" data-col="duration">
        {formatDuration(exchange.durationMs)}
      </span>
    </div>
  )
})

/**
 * The exchanges as a virtual list: fixed-height rows, only those in view are rendered, the next
 * page is fetched as the end comes into view. ↑/↓ move the selection, Home/End jump, Enter
 * opens the detail.
 */
export function ExchangeList({
  rows,
  selectedId,
  compact,
  hasMore,
  loadingMore,
  onLoadMore,
  onSelect,
  onOpen,
}: {
  rows: ExchangeSummary[]
  selectedId: number | null
  compact: boolean
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  onSelect: (id: number) => void
  onOpen: () => void
}) {
  const scroller = useRef<HTMLDivElement>(null)
  const count = rows.length + (hasMore ? 1 : 0)
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.id ?? 'more',
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore()
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore])

  const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.id === selectedId)

  function move(index: number) {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))]
    if (!target) return
    onSelect(target.id)
    virtualizer.scrollToIndex(rows.indexOf(target), { align: 'auto' })
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1)
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex <= 0 ? 0 : selectedIndex - 1),
      PageDown: () => move(selectedIndex + page),
      PageUp: () => move(selectedIndex - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => (selectedIndex >= 0 ? onOpen() : move(0)),
    }
    const action = keys[event.key]
    if (action) {
      event.preventDefault()
      action()
    }
  }

  return (
    <div className="gh-traffic-list" data-compact={compact || undefined}>
      <div className="gh-traffic-row gh-traffic-head" role="presentation">
        {COLUMNS.filter((column) => !compact || column.compact).map((column) => (
          <span key={column.id} className="gh-traffic-cell" data-col={column.id}>
            {column.label}
          </span>
        ))}
      </div>
      <div
        ref={scroller}
        className="gh-traffic-scroller"
        role="listbox"
        tabIndex={0}
        aria-label="Exchanges, newest first"
        aria-activedescendant={selectedId !== null ? `gh-exchange-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="traffic-list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const exchange = rows[item.index]
            if (!exchange) {
              return (
                <div
                  key="more"
                  className="gh-traffic-row gh-traffic-more"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <Loader size="xs" />
                  <Text size="xs" c="dimmed">
                    Loading older exchanges…
                  </Text>
                </div>
              )
            }
            return (
              <Row
                key={exchange.id}
                exchange={exchange}
                top={item.start}
                selected={exchange.id === selectedId}
                compact={compact}
                onSelect={onSelect}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}
