import { forwardRef, useId } from 'react'
import type { KeyboardEvent } from 'react'
import { useComputedColorScheme } from '@mantine/core'
import type { ExchangeSummary } from '../../../../shared/admin-api'
import { formatClock, pathOnly, stepLabel } from '../traffic/format'

export const LANES = ['Browser', 'Client app', 'Authorization server', 'REST API'] as const
type Lane = 0 | 1 | 2 | 3

const WIDTH = 800
const LANE_X = [112, 292, 524, 722] as const
const LANE_W = [136, 140, 188, 140] as const
const CALLBACK_EXTRA = 22
const TOP = 74
const ROW = 64
const BOTTOM = 36

const PALETTE = {
  light: {
    background: '#ffffff',
    text: '#1f2328',
    dim: '#5f6670',
    lane: '#ced4da',
    box: '#f1f3f5',
    boxBorder: '#adb5bd',
    request: '#2b3f9e',
    response: '#495057',
    fail: '#c92a2a',
    failBg: '#fff5f5',
    redirect: '#0b7285',
    focus: '#edf2ff',
  },
  dark: {
    background: '#242424',
    text: '#e9ecef',
    dim: '#a6a7ab',
    lane: '#495057',
    box: '#2c2e33',
    boxBorder: '#5c5f66',
    request: '#91a7ff',
    response: '#ced4da',
    fail: '#ff8787',
    failBg: '#3b1d1f',
    redirect: '#66d9e8',
    focus: '#25262b',
  },
}

/** Which lane sends an exchange and which answers it. */
export function lanesOf(exchange: ExchangeSummary): { from: Lane; to: Lane } {
  const path = pathOnly(exchange.url)
  switch (exchange.endpoint) {
    case 'authorize':
    case 'login':
    case 'continue':
    case 'consent':
    case 'asset':
      return { from: 0, to: 2 }
    case 'device':
      return { from: path.startsWith('/setup/connect') ? 0 : 1, to: 2 }
    case 'rest':
      return { from: 1, to: 3 }
    default:
      return { from: 1, to: 2 }
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text
}

function requestLabel(exchange: ExchangeSummary): string {
  return `${exchange.method} ${truncate(pathOnly(exchange.url), 44)}`
}

function responseLabel(exchange: ExchangeSummary): string {
  const parts = [String(exchange.status)]
  if (exchange.outcome === 'failed' && exchange.failedStep)
    parts.push(stepLabel(exchange.failedStep))
  else if (exchange.status >= 300 && exchange.status < 400) parts.push('redirect')
  return truncate(parts.join(' · '), 40)
}

/** A redirect from a browser exchange that leaves the server: the callback to the client app. */
function leavesForCallback(exchange: ExchangeSummary, next: ExchangeSummary | undefined): boolean {
  if (lanesOf(exchange).from !== 0) return false
  if (exchange.status < 300 || exchange.status >= 400) return false
  if (
    exchange.endpoint !== 'authorize' &&
    exchange.endpoint !== 'consent' &&
    exchange.endpoint !== 'continue'
  )
    return false
  return !next || lanesOf(next).from !== 0
}

export interface SequenceDiagramProps {
  exchanges: ExchangeSummary[]
  selectedId: number | null
  onOpen: (id: number) => void
  title: string
}

/**
 * The flow as a sequence diagram: four lanes, a solid arrow for each request from the lane that
 * sent it to the one that answered, a dashed arrow back with the status. Failures are red.
 * Drawn with concrete colours (not CSS variables), so the exported file looks the same.
 */
export const SequenceDiagram = forwardRef<SVGSVGElement, SequenceDiagramProps>(
  function SequenceDiagram({ exchanges, selectedId, onOpen, title }, ref) {
    const scheme = useComputedColorScheme('light')
    const c = PALETTE[scheme]
    const uid = useId().replace(/:/g, '')
    const callbacks = exchanges.map((exchange, index) =>
      leavesForCallback(exchange, exchanges[index + 1]),
    )
    const rowTop: number[] = []
    let next = TOP
    for (const hasCallback of callbacks) {
      rowTop.push(next)
      next += ROW + (hasCallback ? CALLBACK_EXTRA : 0)
    }
    const height = next + BOTTOM
    const marker = (name: string) => `url(#${uid}-${name})`
    const font =
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', Arial, sans-serif"
    const mono = "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace"

    function onKey(event: KeyboardEvent<SVGGElement>, id: number) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault()
        onOpen(id)
      }
    }

    return (
      <svg
        ref={ref}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ display: 'block', maxWidth: WIDTH, minWidth: 640 }}
        role="img"
        aria-label={`Sequence diagram: ${title}`}
        fontFamily={font}
        data-testid="sequence-diagram"
      >
        <title>{title}</title>
        <defs>
          {(
            [
              ['req', c.request],
              ['res', c.response],
              ['fail', c.fail],
              ['cb', c.redirect],
            ] as const
          ).map(([name, color]) => (
            <marker
              key={name}
              id={`${uid}-${name}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={color} />
            </marker>
          ))}
        </defs>
        <rect x="0" y="0" width={WIDTH} height={height} fill={c.background} />
        {LANES.map((lane, index) => (
          <g key={lane}>
            <line
              x1={LANE_X[index]}
              x2={LANE_X[index]}
              y1={48}
              y2={height - 12}
              stroke={c.lane}
              strokeWidth={2}
              strokeDasharray="2 5"
              strokeLinecap="round"
            />
            <rect
              x={LANE_X[index] - LANE_W[index] / 2}
              y={12}
              width={LANE_W[index]}
              height={36}
              rx={8}
              fill={c.box}
              stroke={c.boxBorder}
            />
            <text
              x={LANE_X[index]}
              y={35}
              textAnchor="middle"
              fontSize={13.5}
              fontWeight={650}
              fill={c.text}
            >
              {lane}
            </text>
          </g>
        ))}
        {exchanges.map((exchange, index) => {
          const { from, to } = lanesOf(exchange)
          const y = rowTop[index]! + 18
          const x1 = LANE_X[from]
          const x2 = LANE_X[to]
          const mid = (x1 + x2) / 2
          const failed = exchange.outcome === 'failed'
          const selected = exchange.id === selectedId
          const callback = callbacks[index]!
          const label = `${requestLabel(exchange)} → ${responseLabel(exchange)}`
          return (
            <g
              key={exchange.id}
              role="button"
              tabIndex={0}
              aria-label={`Exchange ${index + 1}: ${label}. Open it.`}
              data-testid="seq-exchange"
              data-exchange-id={exchange.id}
              data-failed={failed || undefined}
              onClick={() => onOpen(exchange.id)}
              onKeyDown={(event) => onKey(event, exchange.id)}
              style={{ cursor: 'pointer', outline: 'none' }}
              className="gh-seq-exchange"
            >
              <rect
                x={8}
                y={y - 22}
                width={WIDTH - 16}
                height={ROW - 4 + (callback ? CALLBACK_EXTRA : 0)}
                rx={6}
                fill={failed ? c.failBg : selected ? c.focus : 'transparent'}
                stroke={selected ? c.request : 'none'}
                className="gh-seq-hit"
              />
              <text x={20} y={y + 4} fontSize={12} fill={c.dim} fontFamily={mono}>
                {index + 1}
              </text>
              <text x={20} y={y + 26} fontSize={10.5} fill={c.dim} fontFamily={mono}>
                {formatClock(exchange.startedAt).slice(0, 8)}
              </text>
              <line
                x1={x1}
                x2={x2 + (x2 > x1 ? -4 : 4)}
                y1={y}
                y2={y}
                stroke={failed ? c.fail : c.request}
                strokeWidth={2}
                markerEnd={marker(failed ? 'fail' : 'req')}
                data-testid="seq-request"
              />
              <text
                x={mid}
                y={y - 7}
                textAnchor="middle"
                fontSize={12}
                fontFamily={mono}
                fill={failed ? c.fail : c.text}
                fontWeight={600}
                data-testid="seq-request-label"
                stroke={failed ? c.failBg : selected ? c.focus : c.background}
                strokeWidth={5}
                strokeLinejoin="round"
                paintOrder="stroke"
              >
                {requestLabel(exchange)}
              </text>
              <line
                x1={x2}
                x2={x1 + (x1 > x2 ? -4 : 4)}
                y1={y + 24}
                y2={y + 24}
                stroke={failed ? c.fail : c.response}
                strokeWidth={1.5}
                strokeDasharray="6 4"
                markerEnd={marker(failed ? 'fail' : 'res')}
                data-testid="seq-response"
              />
              <text
                x={mid}
                y={y + 19}
                textAnchor="middle"
                fontSize={12}
                fill={failed ? c.fail : c.dim}
                fontWeight={failed ? 650 : 500}
                data-testid="seq-response-label"
                stroke={failed ? c.failBg : selected ? c.focus : c.background}
                strokeWidth={5}
                strokeLinejoin="round"
                paintOrder="stroke"
              >
                {responseLabel(exchange)}
              </text>
              {callback && (
                <g data-testid="seq-callback">
                  <line
                    x1={LANE_X[0]}
                    x2={LANE_X[1] - 4}
                    y1={y + 44}
                    y2={y + 44}
                    stroke={c.redirect}
                    strokeWidth={1.5}
                    strokeDasharray="2 4"
                    markerEnd={marker('cb')}
                  />
                  <text
                    x={(LANE_X[0] + LANE_X[1]) / 2}
                    y={y + 39}
                    textAnchor="middle"
                    fontSize={11.5}
                    fill={c.redirect}
                  >
                    {failed ? 'callback with error' : 'callback with code'}
                  </text>
                </g>
              )}
            </g>
          )
        })}
      </svg>
    )
  },
)
