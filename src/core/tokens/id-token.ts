import { createHash } from 'node:crypto'
import { SignJWT } from 'jose'
import type { SigningKey } from './keys'
import type { WorkspaceUser } from '../workspace'

/** Salesforce's default id_token validity (the app's idTokenValidity): 2 minutes. */
export const ID_TOKEN_TTL_SECONDS = 120

/** OIDC `at_hash`: base64url of the left half of SHA-256 over the access token. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

export interface IdTokenInput {
  issuer: string
  identityUrl: string
  audience: string
  user: WorkspaceUser
  scopes: readonly string[]
  accessToken: string
  nonce?: string
  nowMs: number
  key: SigningKey
}

/**
 * An RS256 id_token shaped like Salesforce's: `sub` is the identity URL, `aud` the consumer
 * key, the `kid` one of /id/keys. Standard claims follow the granted OIDC scopes.
 */
export async function signIdToken(input: IdTokenInput): Promise<string> {
  const iat = Math.floor(input.nowMs / 1000)
  const claims: Record<string, unknown> = { at_hash: accessTokenHash(input.accessToken) }
  if (input.nonce !== undefined) claims.nonce = input.nonce
  const { user } = input
  if (input.scopes.includes('profile')) {
    claims.name = [user.firstName, user.lastName].filter(Boolean).join(' ')
    claims.preferred_username = user.username
    claims.nickname = user.username.split('@')[0]
    if (user.firstName) claims.given_name = user.firstName
    claims.family_name = user.lastName
  }
  if (input.scopes.includes('email')) {
    claims.email = user.email
    claims.email_verified = true
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: input.key.kid, typ: 'JWT' })
    .setIssuer(input.issuer)
    .setSubject(input.identityUrl)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_SECONDS)
    .sign(input.key.privateKey)
}
