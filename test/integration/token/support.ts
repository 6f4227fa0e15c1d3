import { createHash, randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import type { Gatehouse } from '../../../src/core'
import { newAuthorizationCode, sha256Hex } from '../../../src/core/tokens/random'
import { form, type RunningGatehouse } from '../../support/gatehouse'

export const TOKEN_PATH = '/services/oauth2/token'

/** `Authorization: Basic` as RFC 6749 §2.3.1 builds it: form-encode, then base64. */
export function basic(clientId: string, secret: string): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+')
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`
}

/** POST a urlencoded token request. */
export function postToken(
  gh: RunningGatehouse,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return gh.fetch(TOKEN_PATH, { method: 'POST', body: form(fields), headers })
}

/** Asserts Salesforce's error body, word for word, and the status. */
export async function expectError(
  res: Response,
  status: number,
  error: string,
  description: string,
): Promise<void> {
  expect({ status: res.status, body: await res.json() }).toEqual({
    status,
    body: { error, error_description: description },
  })
}

export function userId(engine: Gatehouse, username: string): string {
  const user = engine.store.workspace.findUserByUsername(username)
  if (!user) throw new Error(`no user ${username}`)
  return user.id
}

/** A PKCE pair; length 171 is what jsforce and the Salesforce CLI send. */
export function pkcePair(length = 64): { verifier: string; challenge: string } {
  const verifier = randomBytes(length).toString('base64url').slice(0, length)
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  return { verifier, challenge }
}

export interface CodeOptions {
  appKey: string
  username: string
  redirectUri: string
  scopes: string
  challenge?: string
  challengeMethod?: string
  nonce?: string
  /** Lifetime; Salesforce's is 15 minutes. */
  ttlMs?: number
}

/**
 * An authorization code stored exactly as the authorize endpoint stores it, so these tests
 * do not depend on the login and consent pages.
 */
export function issueCode(engine: Gatehouse, options: CodeOptions): string {
  const code = newAuthorizationCode()
  const now = engine.clock.now()
  engine.oauth.store.insertCode({
    code_hash: sha256Hex(code),
    app_key: options.appKey,
    user_id: userId(engine, options.username),
    redirect_uri: options.redirectUri,
    scopes: options.scopes,
    code_challenge: options.challenge ?? null,
    code_challenge_method: options.challenge ? (options.challengeMethod ?? 'S256') : null,
    nonce: options.nonce ?? null,
    created_at: now,
    expires_at: now + (options.ttlMs ?? 15 * 60_000),
  })
  return code
}

/** Live (not revoked) refresh tokens of a grant, read through the store's own statements. */
export function introspectRefresh(engine: Gatehouse, token: string) {
  return engine.oauth.store.findRefreshToken(sha256Hex(token))
}

export function introspectAccess(engine: Gatehouse, token: string) {
  return engine.oauth.store.findAccessToken(sha256Hex(token))
}

/** A token endpoint JSON body: Salesforce's fields are all strings. */
export type TokenBody = Record<string, string>

export async function tokenBody(res: Response): Promise<TokenBody> {
  return (await res.json()) as TokenBody
}
