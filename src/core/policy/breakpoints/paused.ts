import type {
  AdminEvent,
  PausedExchange,
  ReleasedExchange,
  ReleaseHow,
} from '../../../shared/admin-api'
import type { WorkspaceIssue } from '../../workspace/errors'
import type { BreakpointStage } from '../../workspace/types'
import type { Decision } from './decision'

/**
 * The exchanges breakpoints hold right now. Each is independent: it waits for its own
 * decision (continue, fail, drop) and is released on its own when its time runs out, when
 * its client disconnects, or when the server shuts down — so a client never hangs and the
 * server keeps answering everything else. Ids are remembered for a while after release, so
 * a second decision on one is told it came too late (409) rather than "unknown".
 */

export class PausedExchangeError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
    readonly issues: WorkspaceIssue[] = [],
  ) {
    super(message)
    this.name = 'PausedExchangeError'
  }
}

/** What the hook knows about the exchange it pauses. */
export interface PauseInput {
  breakpoint: { id: string; name?: string }
  at: BreakpointStage
  timeoutSeconds: number
  view: Omit<PausedExchange, 'id' | 'breakpoint' | 'breakpointName' | 'at' | 'since' | 'deadline'>
  /** Throws PausedExchangeError('invalid') for a decision this exchange cannot take. */
  validate(decision: Decision): void
  /** The client's connection: `onClose` is called if it goes away while paused. */
  connection: { closed(): boolean; onClose(listener: () => void): () => void }
}

interface Entry {
  view: PausedExchange
  validate(decision: Decision): void
  settle(decision: Decision): void
}

const HOW: Record<Decision['kind'], ReleaseHow> = {
  continue: 'continued',
  fail: 'failed',
  drop: 'dropped',
  timeout: 'timed-out',
  disconnected: 'disconnected',
  shutdown: 'shutdown',
}

/** Released ids remembered for the 409 on a late decision. */
const REMEMBERED = 1000

export class PausedExchanges {
  private readonly entries = new Map<string, Entry>()
  private readonly released = new Map<string, ReleaseHow>()
  private readonly listeners = new Set<(event: AdminEvent) => void>()
  private sequence = 0

  list(): PausedExchange[] {
    return [...this.entries.values()].map((entry) => entry.view)
  }

  get(id: string): PausedExchange {
    const entry = this.entries.get(id)
    if (!entry) throw this.missing(id)
    return entry.view
  }

  get size(): number {
    return this.entries.size
  }

  /** Holds an exchange until a decision, its timeout, its client's disconnect or shutdown. */
  pause(input: PauseInput): Promise<Decision> {
    const id = `p${++this.sequence}`
    const since = Date.now()
    const view: PausedExchange = {
      id,
      breakpoint: input.breakpoint.id,
      ...(input.breakpoint.name === undefined ? {} : { breakpointName: input.breakpoint.name }),
      at: input.at,
      ...input.view,
      since: new Date(since).toISOString(),
      deadline: new Date(since + input.timeoutSeconds * 1000).toISOString(),
    }
    return new Promise<Decision>((resolve) => {
      let settled = false
      const settle = (decision: Decision) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        stopWatching()
        this.entries.delete(id)
        const how = HOW[decision.kind]
        this.remember(id, how)
        const changed =
          decision.kind === 'fail' ||
          (decision.kind === 'continue' && (decision.request ?? decision.response) !== undefined)
        const released: ReleasedExchange = {
          id,
          breakpoint: view.breakpoint,
          at: view.at,
          how,
          changed,
        }
        this.emit({ type: 'released', released })
        resolve(decision)
      }
      const timer = setTimeout(() => settle({ kind: 'timeout' }), input.timeoutSeconds * 1000)
      const stopWatching = input.connection.onClose(() => settle({ kind: 'disconnected' }))
      this.entries.set(id, { view, validate: input.validate, settle })
      this.emit({ type: 'paused', paused: view })
      if (input.connection.closed()) settle({ kind: 'disconnected' })
    })
  }

  /** Decides on a paused exchange: 404 unknown, 409 already released, 400 not possible. */
  decide(id: string, decision: Decision): void {
    const entry = this.entries.get(id)
    if (!entry) throw this.missing(id)
    entry.validate(decision)
    entry.settle(decision)
  }

  /** Lets every paused exchange go on unchanged (server shutdown). */
  releaseAll(): void {
    for (const entry of [...this.entries.values()]) entry.settle({ kind: 'shutdown' })
  }

  subscribe(listener: (event: AdminEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(event: AdminEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event)
      } catch {
        // a listener's failure must not hold up the exchange
      }
    }
  }

  private remember(id: string, how: ReleaseHow): void {
    this.released.set(id, how)
    if (this.released.size > REMEMBERED) {
      const oldest = this.released.keys().next().value
      if (oldest !== undefined) this.released.delete(oldest)
    }
  }

  private missing(id: string): PausedExchangeError {
    const how = this.released.get(id)
    return how
      ? new PausedExchangeError('conflict', `paused exchange ${id} was already released (${how})`)
      : new PausedExchangeError('not_found', `no paused exchange has id ${id}`)
  }
}
