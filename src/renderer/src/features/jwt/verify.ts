import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  importPKCS8,
  importSPKI,
  importX509,
  SignJWT,
} from 'jose'
import type { JSONWebKeySet, JWK, JWTPayload } from 'jose'

export interface Decoded {
  header: Record<string, unknown>
  claims: Record<string, unknown>
}

/** Decodes without verifying; throws a plain-words error for what is not a JWT. */
export function decode(token: string): Decoded {
  const parts = token.split('.')
  if (parts.length === 5) throw new Error('This is an encrypted token (JWE): it cannot be decoded.')
  if (parts.length !== 3) {
    throw new Error(`A JWT has three parts separated by dots; this has ${parts.length}.`)
  }
  let header: Record<string, unknown>
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>
  } catch {
    throw new Error('The first part (header) is not base64url-encoded JSON.')
  }
  try {
    return { header, claims: decodeJwt(token) as Record<string, unknown> }
  } catch {
    throw new Error('The second part (claims) is not base64url-encoded JSON.')
  }
}

export type VerifyKey =
  | { kind: 'jwks'; jwks: JSONWebKeySet }
  | { kind: 'certificate'; pem: string; label: string }
  | { kind: 'pasted'; text: string }

export interface SignatureResult {
  status: 'valid' | 'invalid' | 'unsigned' | 'unknown_key' | 'no_key' | 'error'
  detail: string
}

const DEFAULT_ALG = 'RS256'

async function keyFromText(text: string, alg: string) {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as JWK | JSONWebKeySet
    if ('keys' in parsed && Array.isArray(parsed.keys)) return createLocalJWKSet(parsed)
    return importJWK(parsed as JWK, alg)
  }
  if (trimmed.includes('BEGIN CERTIFICATE')) return importX509(trimmed, alg)
  if (trimmed.includes('BEGIN PUBLIC KEY')) return importSPKI(trimmed, alg)
  if (trimmed.includes('PRIVATE KEY')) {
    throw new Error('That is a private key: paste the public key or certificate to verify.')
  }
  throw new Error('Paste a PEM public key, a PEM certificate, a JWK or a JWKS.')
}

export async function verifySignature(
  token: string,
  header: Record<string, unknown>,
  key: VerifyKey,
): Promise<SignatureResult> {
  const alg = typeof header.alg === 'string' ? header.alg : undefined
  if (!alg || alg.toLowerCase() === 'none') {
    return { status: 'unsigned', detail: 'alg is none: there is no signature to check.' }
  }
  try {
    if (key.kind === 'jwks') {
      const kid = typeof header.kid === 'string' ? header.kid : undefined
      const known = key.jwks.keys.map((jwk) => jwk.kid)
      if (kid && !known.includes(kid)) {
        return {
          status: 'unknown_key',
          detail: `kid ${kid} is not in Gatehouse’s JWKS (${known.join(', ')}).`,
        }
      }
      await compactVerify(token, createLocalJWKSet(key.jwks))
      return { status: 'valid', detail: `Signed by Gatehouse key ${kid ?? '(no kid)'} (${alg}).` }
    }
    if (key.kind === 'certificate') {
      await compactVerify(token, await importX509(key.pem, alg))
      return { status: 'valid', detail: `Signed with the private key of ${key.label} (${alg}).` }
    }
    if (!key.text.trim()) return { status: 'no_key', detail: 'Paste a key to check the signature.' }
    const resolved = await keyFromText(key.text, alg)
    if (typeof resolved === 'function') await compactVerify(token, resolved)
    else await compactVerify(token, resolved)
    return {
      status: 'valid',
      detail: `Signed with the private key matching the pasted key (${alg}).`,
    }
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
      return {
        status: 'invalid',
        detail: 'Bad signature: the token was altered or signed with another key.',
      }
    }
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
      return { status: 'unknown_key', detail: 'No key of the set matches the token’s kid and alg.' }
    }
    return {
      status: 'error',
      detail: error instanceof Error ? error.message : String(error),
    }
  }
}

/** Signs in the browser with a pasted PKCS#8 private key (or a private JWK). */
export async function signWithPrivateKey(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  keyText: string,
): Promise<string> {
  const alg = typeof header.alg === 'string' && header.alg !== 'none' ? header.alg : DEFAULT_ALG
  const trimmed = keyText.trim()
  let key
  if (trimmed.startsWith('{')) key = await importJWK(JSON.parse(trimmed) as JWK, alg)
  else if (trimmed.includes('BEGIN PRIVATE KEY')) key = await importPKCS8(trimmed, alg)
  else if (trimmed.includes('BEGIN RSA PRIVATE KEY')) {
    throw new Error(
      'This is a PKCS#1 key. Convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem',
    )
  } else throw new Error('Paste a PKCS#8 PEM private key ("BEGIN PRIVATE KEY") or a private JWK.')
  return new SignJWT(claims as JWTPayload).setProtectedHeader({ ...header, alg }).sign(key)
}
