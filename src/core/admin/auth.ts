import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/** Constant-time check of a `Bearer <token>` header against the per-launch admin token. */
export function isAdminAuthorized(header: string | undefined, adminToken: string): boolean {
  if (!header) return false
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) return false
  return timingSafeEqual(digest(match[1]!), digest(adminToken))
}
