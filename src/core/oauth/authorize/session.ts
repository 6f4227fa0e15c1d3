import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { randomToken, sha256Hex } from '../../tokens/random'

/**
 * The browser session of the emulated org: a random id in a cookie, stored only as its
 * SHA-256 digest. It lives 2 hours on the virtual clock; the cookie itself has no Max-Age so
 * that moving the clock, not the browser, decides when a session ends.
 */
export const SESSION_COOKIE = 'gh_sid'
export const SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000

const SESSION_ID = /^[A-Za-z0-9_-]{32,128}$/

export interface BrowserSession {
  userId: string
  idHash: string
}

/** The value of one cookie from the Cookie header (the first, if it is sent twice). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The live session the request's cookie names, if any. */
export function currentSession(
  engine: Gatehouse,
  request: FastifyRequest,
): BrowserSession | undefined {
  const id = readCookie(request.headers.cookie, SESSION_COOKIE)
  if (!id || !SESSION_ID.test(id)) return undefined
  const idHash = sha256Hex(id)
  const userId = engine.oauth.store.sessionUser(idHash, engine.clock.now())
  return userId ? { userId, idHash } : undefined
}

/**
 * Starts a fresh session for the user (a new id on every login, so a planted id never
 * becomes a logged-in one) and ends the one the browser had before.
 */
export function startSession(
  engine: Gatehouse,
  reply: FastifyReply,
  userId: string,
  previous: BrowserSession | undefined,
): void {
  if (previous) engine.oauth.store.deleteSession(previous.idHash)
  const id = randomToken(32)
  const now = engine.clock.now()
  engine.oauth.store.createSession(sha256Hex(id), userId, now, now + SESSION_LIFETIME_MS)
  reply.header('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`)
}

/** Ends a session (e.g. its user was deactivated) and tells the browser to drop the cookie. */
export function endSession(engine: Gatehouse, reply: FastifyReply, session: BrowserSession): void {
  engine.oauth.store.deleteSession(session.idHash)
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
}
