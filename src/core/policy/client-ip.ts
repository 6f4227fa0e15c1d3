import { parseIp } from '../workspace/ip-address'
import type { WorkspaceSimulation } from '../workspace/types'
import { canonicalIp } from './ip-ranges'

/**
 * Which address a request is judged by (DESIGN.md "Client IP"). Locally every caller is
 * 127.0.0.1, so the address is chosen, most specific first:
 *   1. a fault rule that sets `clientIp` for this request;
 *   2. the simulated IP of the request's user (simulation.userClientIps);
 *   3. the simulated IP of the request's app (simulation.appClientIps);
 *   4. the global simulated IP (simulation.clientIp);
 *   5. X-Forwarded-For, only when the workspace trusts it (simulation.trustForwardedFor);
 *   6. the socket's address.
 * A header alone can never choose the address: without the trust setting it is ignored
 * (security case 47), so a forged X-Forwarded-For cannot slip past an IP restriction.
 */
export type ClientIpSource = 'fault' | 'user' | 'app' | 'simulation' | 'forwarded' | 'socket'

export interface ClientIpInputs {
  /** Set by a fault rule that fired on this request. */
  fault?: { ip: string; rule: string }
  username?: string
  appName?: string
  simulation: WorkspaceSimulation
  forwardedFor?: string
  socketIp?: string
}

export interface ResolvedClientIp {
  ip: string
  source: ClientIpSource
  /** Plain words: where the address came from and what was passed over. */
  detail: string
}

/** The first address of an X-Forwarded-For list (the original client, as proxies append). */
export function firstForwardedAddress(header: string | undefined): string | undefined {
  if (!header) return undefined
  const first = header.split(',')[0]!.trim()
  return parseIp(first) ? first : undefined
}

/** Case-insensitive key lookup: app names and usernames are unique regardless of case. */
function lookup(map: Readonly<Record<string, string>> | undefined, key: string | undefined) {
  if (!map || key === undefined) return undefined
  const lower = key.toLowerCase()
  const entry = Object.entries(map).find(([name]) => name.toLowerCase() === lower)
  return entry?.[1]
}

export function resolveClientIp(inputs: ClientIpInputs): ResolvedClientIp {
  const { simulation } = inputs
  if (inputs.fault) {
    return {
      ip: inputs.fault.ip,
      source: 'fault',
      detail: `fault rule ${inputs.fault.rule} sets the client IP ${inputs.fault.ip}`,
    }
  }
  const userIp = lookup(simulation.userClientIps, inputs.username)
  if (userIp) {
    return {
      ip: userIp,
      source: 'user',
      detail: `simulated IP of user ${inputs.username} (simulation.userClientIps)`,
    }
  }
  const appIp = lookup(simulation.appClientIps, inputs.appName)
  if (appIp) {
    return {
      ip: appIp,
      source: 'app',
      detail: `simulated IP of app ${inputs.appName} (simulation.appClientIps)`,
    }
  }
  if (simulation.clientIp) {
    return {
      ip: simulation.clientIp,
      source: 'simulation',
      detail: 'the simulated client IP for every request (simulation.clientIp)',
    }
  }
  const socket = canonicalIp(inputs.socketIp ?? '127.0.0.1')
  const header = inputs.forwardedFor
  if (simulation.trustForwardedFor === true) {
    const forwarded = firstForwardedAddress(header)
    if (forwarded) {
      return {
        ip: canonicalIp(forwarded),
        source: 'forwarded',
        detail: `X-Forwarded-For (trusted by simulation.trustForwardedFor); the socket is ${socket}`,
      }
    }
    const why = header ? `X-Forwarded-For "${header}" names no address` : 'no X-Forwarded-For'
    return { ip: socket, source: 'socket', detail: `the socket address (${why})` }
  }
  const ignored = header ? `; X-Forwarded-For "${header}" ignored: it is not trusted` : ''
  return { ip: socket, source: 'socket', detail: `the socket address${ignored}` }
}
