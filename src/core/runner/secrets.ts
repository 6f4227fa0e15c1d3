import { createHash, randomBytes } from 'node:crypto'
import type { RunSecrets } from './flow-def'

/** Per-run values a real client would generate: state, nonce and a PKCE pair (S256). */
export function newRunSecrets(): RunSecrets {
  const codeVerifier = randomBytes(48).toString('base64url')
  return {
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
  }
}
