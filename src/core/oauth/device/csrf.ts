import { createHmac, randomBytes } from 'node:crypto'
import type { Gatehouse } from '../../gatehouse'
import { constantTimeEqual } from '../../tokens/random'
import type { BrowserSession } from '../authorize/session'

/**
 * The verification page's forms after login are bound to the browser session: their CSRF
 * token is an HMAC of the session's id digest under a key made when the engine starts, so it
 * needs no row of its own and is worthless in any other session (or after a restart).
 */
const keys = new WeakMap<Gatehouse, Buffer>()

function keyOf(engine: Gatehouse): Buffer {
  let key = keys.get(engine)
  if (!key) keys.set(engine, (key = randomBytes(32)))
  return key
}

export function sessionCsrf(engine: Gatehouse, session: BrowserSession): string {
  return createHmac('sha256', keyOf(engine))
    .update(`device-connect:${session.idHash}`)
    .digest('base64url')
}

export function sessionCsrfMatches(
  engine: Gatehouse,
  session: BrowserSession,
  presented: string | undefined,
): boolean {
  // Compared in constant time even when absent, like every other secret.
  const matches = constantTimeEqual(presented ?? '', sessionCsrf(engine, session))
  return presented !== undefined && matches
}
