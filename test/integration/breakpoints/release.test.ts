import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { API, passwordGrant, policyWorkspace, TOKEN } from '../policy/support'
import {
  addBreakpoint,
  decide,
  listPaused,
  recordedExchange,
  removeAllBreakpoints,
  waitForNonePaused,
  waitForPaused,
} from './support'

/**
 * How paused exchanges are let go: each on its own decision, in any order, while the server
 * keeps answering everything else; by their timeout (unchanged); by their client going
 * away; by a drop; and by the server shutting down — so no client ever hangs.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: policyWorkspace() })
})
afterAll(async () => {
  await gh.close()
})
afterEach(async () => {
  await removeAllBreakpoints(gh)
  await waitForNonePaused(gh)
})

const loginBody = (extra: Record<string, string> = {}) =>
  form({
    grant_type: 'password',
    client_id: C1.key,
    client_secret: C1.secret,
    username: USERS.ada,
    password: PASSWORD,
    ...extra,
  })

describe('a paused exchange nobody decides on', () => {
  it('continues unchanged when its timeout runs out', async () => {
    await addBreakpoint(gh, { id: 'short', when: { grantType: 'password' }, timeoutSeconds: 1 })
    const started = Date.now()
    const login = passwordGrant(gh, USERS.ada)
    const [paused] = await waitForPaused(gh)
    expect(Date.parse(paused!.deadline) - Date.parse(paused!.since)).toBe(1000)

    const res = await login
    expect(res.status).toBe(200)
    expect(await res.json()).toHaveProperty('access_token')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    expect(await listPaused(gh)).toEqual([])

    const recorded = await recordedExchange(gh, 'endpoint=token')
    expect(recorded.steps.find((s) => s.name === 'breakpoint.request')?.detail).toContain(
      'nobody decided within 1 s: continues unchanged',
    )
    // Deciding after the release is too late.
    expect((await decide(gh, paused!.id, 'continue')).status).toBe(409)
  })
})

describe('a client that disconnects', () => {
  it('releases its exchange paused at request; the request is recorded as such, never run', async () => {
    await addBreakpoint(gh, { when: { endpoint: 'rest' } })
    const aborter = new AbortController()
    const call = gh.fetch(`${API}/sobjects?gone=1`, {
      headers: { authorization: 'Bearer whatever' },
      signal: aborter.signal,
    })
    call.catch(() => undefined)
    const [paused] = await waitForPaused(gh)
    expect(paused!.request.params).toEqual({ gone: '1' })
    aborter.abort()
    await expect(call).rejects.toThrow()
    await waitForNonePaused(gh)

    const recorded = await recordedExchange(gh, 'endpoint=rest&text=gone')
    expect(recorded.status).toBe(499)
    const names = recorded.steps.map((s) => s.name)
    expect(names).toContain('breakpoint.request')
    // The endpoint never ran: no step of the REST API's was recorded.
    expect(names).toEqual(['breakpoint.request'])
    expect(recorded.steps.find((s) => s.name === 'breakpoint.request')!.detail).toContain(
      'the client disconnected while the exchange was paused',
    )
    expect((await decide(gh, paused!.id, 'continue')).status).toBe(409)
  })

  it('releases its exchange paused at response', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' }, at: 'response' })
    const aborter = new AbortController()
    const call = gh.fetch(TOKEN, { method: 'POST', body: loginBody(), signal: aborter.signal })
    call.catch(() => undefined)
    await waitForPaused(gh)
    aborter.abort()
    await waitForNonePaused(gh)
    const recorded = await recordedExchange(gh, 'endpoint=token')
    expect(recorded.status).toBe(499)
    expect(recorded.steps.find((s) => s.name === 'breakpoint.response')!.detail).toContain(
      'the client disconnected',
    )
  })
})

describe('many paused exchanges', () => {
  it('20 at once, released in random order, each get their own answer', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' } })
    const calls = Array.from({ length: 20 }, (_, n) =>
      gh.fetch(TOKEN, { method: 'POST', body: loginBody({ n: String(n) }) }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as Record<string, string>,
      })),
    )
    const paused = await waitForPaused(gh, 20)
    expect(new Set(paused.map((p) => p.id)).size).toBe(20)

    // Meanwhile the server answers everything else.
    const versions = await gh.fetch('/services/data')
    expect(versions.status).toBe(200)

    const order = [...paused].sort(() => Math.random() - 0.5)
    const decisions = await Promise.all(
      order.map((p) => {
        const n = Number(p.request.params.n)
        return n % 4 === 0
          ? decide(gh, p.id, 'continue')
          : decide(gh, p.id, 'fail', {
              status: 400 + (n % 3),
              error: 'invalid_grant',
              error_description: `answer for ${n}`,
            })
      }),
    )
    expect(decisions.map((res) => res.status)).toEqual(Array(20).fill(200))

    const answers = await Promise.all(calls)
    answers.forEach((answer, n) => {
      if (n % 4 === 0) {
        expect(answer.status).toBe(200)
        expect(answer.body).toHaveProperty('access_token')
      } else {
        expect(answer).toEqual({
          status: 400 + (n % 3),
          body: { error: 'invalid_grant', error_description: `answer for ${n}` },
        })
      }
    })
  })
})

describe('drop', () => {
  it('closes the connection without an answer', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' } })
    const call = passwordGrant(gh, USERS.ada)
    const [paused] = await waitForPaused(gh)
    expect((await decide(gh, paused!.id, 'drop')).status).toBe(200)
    await expect(call).rejects.toThrow()
    const recorded = await recordedExchange(gh, 'endpoint=token')
    expect(recorded.status).toBe(444)
  })
})

describe('drop at response', () => {
  it('closes the connection instead of sending the decided answer', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' }, at: 'response' })
    const call = passwordGrant(gh, USERS.ada)
    const [paused] = await waitForPaused(gh)
    expect((await decide(gh, paused!.id, 'drop')).status).toBe(200)
    await expect(call).rejects.toThrow()
    const recorded = await recordedExchange(gh, 'endpoint=token')
    expect(recorded.status).toBe(444)
    expect(recorded.steps.find((s) => s.name === 'breakpoint.response')!.detail).toContain(
      'dropped',
    )
    // The server is fine afterwards.
    await removeAllBreakpoints(gh)
    expect((await passwordGrant(gh, USERS.ada)).status).toBe(200)
  })
})

describe('server shutdown', () => {
  it('releases a paused exchange first: the client gets its answer, and close completes', async () => {
    const own = await startGatehouse({ workspace: policyWorkspace() })
    try {
      await addBreakpoint(own, { when: { grantType: 'password' } })
      const login = passwordGrant(own, USERS.ada)
      await waitForPaused(own)
      const closing = own.engine.close()
      const res = await login
      expect(res.status).toBe(200)
      expect(res.headers.get('connection')).toBe('close')
      expect(await res.json()).toHaveProperty('access_token')
      await closing
    } finally {
      rmSync(own.dataDir, { recursive: true, force: true })
    }
  })
})
