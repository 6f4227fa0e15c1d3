import type { ThreadPolicy } from './thread-policy'

/**
 * When the writer thread should give way to the request thread. Under sustained load the
 * writer competes with the requests for the machine's cores: on two cores, measured, a
 * writer at normal priority cost the token endpoint 5–12 % of its throughput by scheduling
 * alone, and none when idle (SCHED_IDLE), since the writer then runs only on time the
 * requests leave free (docs/benchmarks.md). It must never fall behind for long, though:
 * events would come late and, past the backlog mark, requests would wait for it. So:
 *
 * - it is made idle only while batches come in large (load), never for a person clicking;
 * - it is made normal again as soon as a write it was handed is not answered within
 *   `lagMs` (another process keeps the cores busy: it gets its normal share back), and
 *   stays normal for `cooldownMs`;
 * - it is made normal again once batches have been small for `quietMs` (the load is over).
 */
export interface WriterPriorityOptions {
  /** A batch of at least this many exchanges means load. */
  busyBatch: number
  lagMs: number
  cooldownMs: number
  quietMs: number
  /** How often, while idle, lag and quiet are checked. */
  checkMs: number
}

export const WRITER_PRIORITY_DEFAULTS: WriterPriorityOptions = {
  // At the recorder's 10 ms flush interval: about 1,600 requests a second.
  busyBatch: 16,
  lagMs: 100,
  cooldownMs: 2000,
  quietMs: 1000,
  checkMs: 50,
}

export interface WriterPriorityDeps {
  /** Sets the writer thread's policy; resolves to whether it worked. */
  setPolicy(policy: ThreadPolicy): Promise<boolean>
  now(): number
  /** Told when the writer could not be made normal again (it may stay behind). */
  onError(message: string): void
  setInterval?(fn: () => void, ms: number): { unref?(): void }
  clearInterval?(handle: unknown): void
}

type State = 'normal' | 'idle' | 'changing' | 'off'

export class WriterPriority {
  private state: State = 'normal'
  /** Writes handed over and not answered yet: seq → when sent. */
  private readonly unanswered = new Map<number, number>()
  private lastBusyAt = -Infinity
  private normalSince = -Infinity
  private timer: unknown = null
  private readonly options: WriterPriorityOptions

  constructor(
    private readonly deps: WriterPriorityDeps,
    options: Partial<WriterPriorityOptions> = {},
  ) {
    this.options = { ...WRITER_PRIORITY_DEFAULTS, ...options }
  }

  /** The policy the writer has now, as far as this knows (for tests and diagnostics). */
  current(): ThreadPolicy | 'changing' | 'off' {
    return this.state
  }

  /** A write of `size` exchanges went to the writer as request `seq`. */
  sent(seq: number, size: number): void {
    const now = this.deps.now()
    this.unanswered.set(seq, now)
    if (size < this.options.busyBatch) return
    this.lastBusyAt = now
    if (this.state === 'normal' && now - this.normalSince >= this.options.cooldownMs) {
      void this.change('idle')
    }
  }

  /** The writer answered request `seq`. */
  answered(seq: number): void {
    this.unanswered.delete(seq)
  }

  /** Checks lag and quiet (the timer does this while the writer is idle). */
  check(): void {
    if (this.state !== 'idle') return
    const now = this.deps.now()
    const oldest = this.unanswered.values().next()
    const lagging = !oldest.done && now - oldest.value > this.options.lagMs
    if (lagging || now - this.lastBusyAt > this.options.quietMs) void this.change('normal')
  }

  /** Stops deciding; the writer is made normal again if it was idle (it is about to close). */
  async stop(): Promise<void> {
    const wasIdle = this.state === 'idle'
    this.state = 'off'
    this.stopTimer()
    if (wasIdle) await this.deps.setPolicy('normal')
  }

  private async change(policy: ThreadPolicy): Promise<void> {
    this.state = 'changing'
    const ok = await this.deps.setPolicy(policy)
    // stop() came while the policy was changing: it has the last word.
    if ((this.state as State) === 'off') {
      if (ok && policy === 'idle') await this.deps.setPolicy('normal')
      return
    }
    if (policy === 'idle') {
      // No chrt, or not allowed: the writer stays normal, and this stops trying.
      this.state = ok ? 'idle' : 'off'
      if (ok) this.startTimer()
      return
    }
    this.stopTimer()
    this.normalSince = this.deps.now()
    if (ok) {
      this.state = 'normal'
    } else {
      this.state = 'off'
      this.deps.onError('the writer thread could not be given its normal priority back')
    }
  }

  private startTimer(): void {
    const every = this.deps.setInterval ?? setInterval
    const handle = every(() => this.check(), this.options.checkMs)
    handle.unref?.()
    this.timer = handle
  }

  private stopTimer(): void {
    if (this.timer === null) return
    const clear = this.deps.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout))
    clear(this.timer)
    this.timer = null
  }
}
