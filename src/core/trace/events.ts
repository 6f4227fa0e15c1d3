import { EventEmitter } from 'node:events'
import type { AdminEvent } from '../../shared/admin-api'

/**
 * What the recorder announces once a batch is committed: new exchanges, changed flows, a
 * cleared trace. The admin API's event stream relays them.
 */
export class TraceEvents {
  private readonly emitter = new EventEmitter()

  /** `onFirstListener`: someone starts listening where nobody did. */
  constructor(private readonly onFirstListener: () => void = () => {}) {
    // One listener per open event stream; a few UI windows and scripts at most.
    this.emitter.setMaxListeners(100)
  }

  emit(event: AdminEvent): void {
    this.emitter.emit('event', event)
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: AdminEvent) => void): () => void {
    const first = this.listenerCount() === 0
    this.emitter.on('event', listener)
    if (first) this.onFirstListener()
    return () => this.emitter.off('event', listener)
  }

  listenerCount(): number {
    return this.emitter.listenerCount('event')
  }
}
