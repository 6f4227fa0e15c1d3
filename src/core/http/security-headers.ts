/**
 * Headers for every HTML page the server renders (login, consent, error, device pages and
 * the workbench UI): no framing (clickjacking), no referrer (codes and tokens in URLs must
 * not leak), and a CSP that allows only our own origin.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine injects CSS variables through style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // Monaco runs its language services in workers created from blob: URLs.
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

export const pageSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': PAGE_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

/** Token-endpoint-like responses must never be cached (RFC 6749 §5.1). */
export const noStoreHeaders: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
}
