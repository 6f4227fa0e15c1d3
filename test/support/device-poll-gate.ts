import type { VirtualClock } from '../../src/core/policy/clock'

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

function isDevicePoll(init: RequestInit | undefined): boolean {
  const body = init?.body
  return body instanceof URLSearchParams && body.get('grant_type') === DEVICE_GRANT
}

/**
 * Lets a device client's polls reach the server one at a time, on the test's command, each
 * `interval` seconds of virtual time after the last: the test plays the clock instead of
 * sleeping. Install `fetch` as the client's fetch (openid-client: `config[customFetch]`) and
 * hand the poller the authorization response with `interval: 0`, so the library does not
 * wait in real time either.
 */
export class DevicePollGate {
  private readonly waiting: Array<() => void> = []
  /** How many polls went through. */
  polls = 0

  constructor(private readonly clock: VirtualClock) {}

  readonly fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (isDevicePoll(init)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve))
      this.polls += 1
    }
    return fetch(url, init)
  }

  /** Waits (yielding, not sleeping) for the next poll, moves the clock, and lets it through. */
  async release(intervalSeconds = 5): Promise<void> {
    for (let spins = 0; this.waiting.length === 0; spins++) {
      if (spins > 100_000) throw new Error('the client never polled')
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.clock.advance(intervalSeconds * 1000)
    this.waiting.shift()!()
  }
}
