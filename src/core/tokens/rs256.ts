import { sign, type KeyObject } from 'node:crypto'

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url')

/**
 * A compact RS256 JWS of `header` and `claims`, in their own key order, signed on the libuv
 * threadpool. This is what jose's SignJWT produces, without its work on the event loop:
 * copying and checking the claims, normalising the key and the algorithm for WebCrypto, a
 * promise job — about a tenth of a JWT access token's cost on the request thread, measured
 * on the token endpoint (docs/benchmarks.md). The key is Node's own, already parsed.
 */
export function signRs256(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: KeyObject,
): Promise<string> {
  const input = `${base64url(header)}.${base64url(claims)}`
  return new Promise((resolve, reject) => {
    // With a callback, crypto.sign runs on the threadpool (RSASSA-PKCS1-v1_5 for RSA keys).
    sign('sha256', Buffer.from(input), key, (error, signature) => {
      if (error) reject(error)
      else resolve(`${input}.${signature.toString('base64url')}`)
    })
  })
}
