import { createHmac } from 'node:crypto'

/**
 * Salesforce's `signature` token-response field: Base64 HMAC-SHA256 keyed by the consumer
 * secret over `id + issued_at`, so a client can tell its identity URL was not tampered with.
 * Public clients without a secret get an empty key.
 */
export function tokenSignature(
  consumerSecret: string | undefined,
  id: string,
  issuedAt: string,
): string {
  return createHmac('sha256', consumerSecret ?? '')
    .update(id + issuedAt)
    .digest('base64')
}
