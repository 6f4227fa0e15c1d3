import { constantTimeEqual, sha256Base64Url } from '../../tokens/random'

/**
 * RFC 7636 §4.1 allows 43–128 characters, but jsforce and the Salesforce CLI send 171-character
 * verifiers (base64url of 128 random bytes) and Salesforce accepts them, so the upper bound
 * here is wider.
 */
export const VERIFIER_MIN_LENGTH = 43
export const VERIFIER_MAX_LENGTH = 256

const VERIFIER_CHARS = /^[A-Za-z0-9\-._~]+$/

/** Why a verifier is malformed, or undefined when its syntax is fine. */
export function verifierSyntaxProblem(verifier: string): string | undefined {
  const n = verifier.length
  if (n < VERIFIER_MIN_LENGTH || n > VERIFIER_MAX_LENGTH) {
    return `code_verifier has ${n} characters; ${VERIFIER_MIN_LENGTH}–${VERIFIER_MAX_LENGTH} are accepted`
  }
  if (!VERIFIER_CHARS.test(verifier)) {
    return 'code_verifier contains characters outside A–Z a–z 0–9 - . _ ~'
  }
  return undefined
}

/** S256: BASE64URL(SHA-256(verifier)) must equal the challenge; compared in constant time. */
export function s256Matches(verifier: string, challenge: string): boolean {
  return constantTimeEqual(sha256Base64Url(verifier), challenge)
}
