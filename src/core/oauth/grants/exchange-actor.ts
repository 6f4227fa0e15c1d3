import {
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose'
import type { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { shown } from './jwt-claims'

/**
 * The actor token of Salesforce's asset token flow ([D19]): a JWT the device (or the app
 * registering it) makes about itself. `did` names the device; `Name` is its display name;
 * `aud` the backends the asset token is for. It may be unsigned (`alg: none`); when it is
 * signed, it carries the device's public key in `cnf.jwk` and must verify with that key —
 * the proof that the device holds it, copied into the asset token. Algorithms are pinned
 * to the key's type; no header can bring another key.
 */
export interface ActorToken {
  deviceId: string
  deviceName?: string
  audience?: string[]
  confirmation?: Record<string, unknown>
  detail: string
}

/** Algorithms a device key may sign with, by JWK key type. */
const ALGORITHMS_BY_KEY: Readonly<Record<string, readonly string[]>> = {
  RSA: ['RS256'],
  EC: ['ES256'],
}

const invalid = (detail: string): OAuthError => sfErrors.invalidActorToken().because(detail)

function audiences(aud: unknown): string[] | undefined {
  if (typeof aud === 'string') return [aud]
  if (Array.isArray(aud) && aud.length && aud.every((a) => typeof a === 'string')) return aud
  return undefined
}

async function verifySigned(
  token: string,
  alg: string,
  claims: JWTPayload,
  nowMs: number,
): Promise<Record<string, unknown>> {
  const cnf = claims.cnf as { jwk?: JWK } | undefined
  const jwk = cnf?.jwk
  if (!jwk || typeof jwk !== 'object') {
    throw invalid(`the actor token is signed (${alg}) but carries no cnf.jwk to verify it with`)
  }
  const allowed = ALGORITHMS_BY_KEY[String(jwk.kty)] ?? []
  if (!allowed.includes(alg)) {
    throw invalid(
      `alg ${shown(alg)} does not fit a ${shown(jwk.kty)} key; accepted: RS256 (RSA), ES256 (EC)`,
    )
  }
  if ('d' in jwk) throw invalid('cnf.jwk holds a private key')
  try {
    const key = await importJWK(jwk, alg)
    await jwtVerify(token, key, {
      algorithms: [alg],
      currentDate: new Date(nowMs),
      clockTolerance: 60,
    })
  } catch (err) {
    throw invalid(
      `the actor token does not verify with its own cnf.jwk: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  return { jwk: { ...jwk } }
}

export async function readActorToken(token: string, nowMs: number): Promise<ActorToken> {
  let alg: unknown
  let claims: JWTPayload
  try {
    alg = decodeProtectedHeader(token).alg
    claims = decodeJwt(token)
  } catch (err) {
    throw invalid(
      `the actor token is not a JWT: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const deviceId = claims.did
  if (typeof deviceId !== 'string' || deviceId === '') {
    throw invalid('the actor token has no did claim (the device id)')
  }
  if (
    claims.exp !== undefined &&
    (typeof claims.exp !== 'number' || claims.exp * 1000 + 60_000 < nowMs)
  ) {
    throw invalid(`the actor token expired (exp ${shown(claims.exp)})`)
  }
  let confirmation: Record<string, unknown> | undefined
  if (alg === 'none') {
    if (claims.cnf !== undefined) {
      throw invalid(
        'an unsigned actor token cannot carry a cnf key: nothing proves the device holds it',
      )
    }
  } else {
    confirmation = await verifySigned(token, String(alg), claims, nowMs)
  }
  const name = typeof claims.Name === 'string' ? claims.Name : undefined
  return {
    deviceId,
    deviceName: name,
    audience: audiences(claims.aud),
    confirmation,
    detail:
      `device ${shown(deviceId)}${name ? ` (${shown(name)})` : ''}; ` +
      (confirmation
        ? `signed ${String(alg)} with its own cnf key (proof of possession)`
        : 'unsigned'),
  }
}
