import { SignJWT } from 'jose'
import type { SigningKey } from './keys'
import { randomToken } from './random'

/**
 * Salesforce's asset tokens (reference §4.8, [D19]): a JWT the org signs to vouch for a
 * connected device, which the device then presents to the company's own backend. Gatehouse
 * signs it with the org key (RS256, numeric kid), so a backend verifies it against /id/keys.
 * The device's identity comes from the actor token: its `did`, its name, and the key it
 * proved it holds (`cnf`), copied as they were.
 */
export const ASSET_TOKEN_TTL_SECONDS = 60 * 60

export interface AssetTokenInput {
  issuer: string
  /** The identity URL of the user who registered the device. */
  subject: string
  clientId: string
  audience: string[]
  deviceId: string
  deviceName?: string
  confirmation?: Record<string, unknown>
  nowMs: number
  key: SigningKey
}

export async function signAssetToken(input: AssetTokenInput): Promise<string> {
  const iat = Math.floor(input.nowMs / 1000)
  const claims: Record<string, unknown> = {
    did: input.deviceId,
    ...(input.deviceName === undefined ? {} : { Name: input.deviceName }),
    ...(input.confirmation === undefined ? {} : { cnf: input.confirmation }),
    client_id: input.clientId,
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: input.key.kid })
    .setIssuer(input.issuer)
    .setSubject(input.subject)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ASSET_TOKEN_TTL_SECONDS)
    .setJti(randomToken(18))
    .sign(input.key.privateKey)
}
