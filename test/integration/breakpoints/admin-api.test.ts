import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { admin, API, passwordGrant, policyWorkspace, RITA } from '../policy/support'
import {
  addBreakpoint,
  decide,
  recordedExchange,
  removeAllBreakpoints,
  waitForNonePaused,
  waitForPaused,
} from './support'

/**
 * The breakpoint admin API as a contract: the rules (like the fault rules' routes, a bad
 * rule refused naming its field with nothing changed), the decisions on a paused exchange
 * (one only: a second is 409), and the `paused` / `released` events.
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

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown })
const list = async () => (await (await admin(gh, '/breakpoints')).json()) as Array<{ id: string }>

describe('the rules', () => {
  it('are added, read, changed, exported with the workspace and removed', async () => {
    const added = await json(
      await admin(gh, '/breakpoints', {
        method: 'POST',
        body: {
          id: 'order-sync',
          name: 'Order Sync refreshes',
          when: { app: C1.name, grantType: 'refresh_token' },
        },
      }),
    )
    expect(added).toEqual({
      status: 201,
      body: {
        id: 'order-sync',
        name: 'Order Sync refreshes',
        enabled: true,
        when: { app: C1.name, grantType: 'refresh_token' },
        at: 'request',
        timeoutSeconds: 60,
        position: 0,
        fired: 0,
        remaining: null,
        lastFiredAt: null,
      },
    })
    const patched = await json(
      await admin(gh, '/breakpoints/order-sync', {
        method: 'PATCH',
        body: { enabled: false, at: 'response', timeoutSeconds: 5 },
      }),
    )
    expect(patched.body).toMatchObject({
      id: 'order-sync',
      enabled: false,
      at: 'response',
      timeoutSeconds: 5,
    })
    expect((await json(await admin(gh, '/breakpoints/order-sync'))).body).toEqual(patched.body)

    const exported = (await (await admin(gh, '/workspace')).json()) as { breakpoints: unknown[] }
    expect(exported.breakpoints).toEqual([
      {
        id: 'order-sync',
        name: 'Order Sync refreshes',
        enabled: false,
        when: { app: C1.name, grantType: 'refresh_token' },
        at: 'response',
        timeoutSeconds: 5,
      },
    ])

    expect((await admin(gh, '/breakpoints/order-sync', { method: 'DELETE' })).status).toBe(204)
    expect((await admin(gh, '/breakpoints/order-sync')).status).toBe(404)
    expect(await list()).toEqual([])
  })

  it('a bad rule is refused with 400 naming the field, and nothing changes', async () => {
    await addBreakpoint(gh, { id: 'keep', when: {} })
    const cases: Array<[unknown, string]> = [
      [{ when: { endpoint: 'tokens' } }, 'when.endpoint'],
      [{ when: {}, timeoutSeconds: 601 }, 'timeoutSeconds'],
      [{ when: { step: 'policy.ip' }, at: 'request' }, 'at'],
      [{ when: { outcome: 'maybe' } }, 'when.outcome'],
      [{ when: { app: 'No Such App' } }, 'when.app'],
      [{ when: {}, pause: true }, 'pause'],
    ]
    for (const [rule, path] of cases) {
      const res = await json(await admin(gh, '/breakpoints', { method: 'POST', body: rule }))
      expect(res.status, JSON.stringify(rule)).toBe(400)
      const issues = (res.body as { issues: Array<{ path: string }> }).issues
      expect(issues.map((i) => i.path)).toContain(path)
    }
    const badPatch = await admin(gh, '/breakpoints/keep', {
      method: 'PATCH',
      body: { when: { step: 'policy.ip' }, at: 'request' },
    })
    expect(badPatch.status).toBe(400)
    expect(JSON.stringify(await badPatch.json())).toContain('"path":"at"')
    expect((await addBreakpoint(gh, { id: 'keep2', when: {} })).id).toBe('keep2')
    const duplicate = await admin(gh, '/breakpoints', {
      method: 'POST',
      body: { id: 'keep', when: {} },
    })
    expect(duplicate.status).toBe(409)
    expect((await list()).map((r) => r.id)).toEqual(['keep', 'keep2'])
    const rules = (await list()) as unknown as Array<{ when: unknown; at: string }>
    expect(rules[0]).toMatchObject({ when: {}, at: 'request' })
  })

  it('`times` pauses only the next N matching exchanges', async () => {
    await addBreakpoint(gh, { id: 'once', when: { grantType: 'password', times: 1 } })
    const first = passwordGrant(gh, USERS.ada)
    const [paused] = await waitForPaused(gh)
    // The second login is not paused: the breakpoint is used up.
    expect((await passwordGrant(gh, USERS.ada)).status).toBe(200)
    await decide(gh, paused!.id, 'continue')
    expect((await first).status).toBe(200)
    expect((await json(await admin(gh, '/breakpoints/once'))).body).toMatchObject({
      fired: 1,
      remaining: 0,
    })
  })
})

describe('decisions on a paused exchange', () => {
  it('a second decision on the same exchange is refused with 409', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' } })
    const login = passwordGrant(gh, USERS.ada)
    const [paused] = await waitForPaused(gh)
    expect((await decide(gh, paused!.id, 'fail', { preset: 'server-unavailable' })).status).toBe(
      200,
    )
    for (const action of ['continue', 'fail', 'drop'] as const) {
      const again = await decide(
        gh,
        paused!.id,
        action,
        action === 'fail' ? { preset: 'server-unavailable' } : undefined,
      )
      expect(again.status).toBe(409)
      expect(await again.json()).toMatchObject({ error: 'conflict' })
    }
    const res = await login
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({
      error: 'service_unavailable',
      error_description: 'service temporarily unavailable',
    })
    expect((await decide(gh, 'p999999', 'continue')).status).toBe(404)
  })

  it('one that does not fit the exchange is refused with 400, and the exchange stays paused', async () => {
    await addBreakpoint(gh, { when: { endpoint: 'rest' } })
    const call = gh.fetch(`${API}/sobjects`, { headers: { authorization: 'Bearer nope' } })
    const [paused] = await waitForPaused(gh)
    const wrongStage = await decide(gh, paused!.id, 'continue', { response: { status: 200 } })
    expect(wrongStage.status).toBe(400)
    expect(JSON.stringify(await wrongStage.json())).toContain('"path":"response"')
    const wrongPreset = await decide(gh, paused!.id, 'fail', { preset: 'consent-denied' })
    expect(wrongPreset.status).toBe(400)
    expect(JSON.stringify(await wrongPreset.json())).toContain('"path":"preset"')
    const neither = await decide(gh, paused!.id, 'fail', {})
    expect(neither.status).toBe(400)
    expect(await waitForPaused(gh)).toHaveLength(1)

    // A REST error in the REST API's own shape.
    await decide(gh, paused!.id, 'fail', {
      status: 403,
      error: 'REQUEST_LIMIT_EXCEEDED',
      error_description: 'TotalRequests Limit exceeded.',
    })
    const res = await call
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ])
  })

  it('fail at request with a preset the real check produces: policy.ip refuses', async () => {
    await addBreakpoint(gh, { when: { grantType: 'password' } })
    const login = passwordGrant(gh, USERS.ada)
    const [paused] = await waitForPaused(gh)
    await decide(gh, paused!.id, 'fail', { preset: 'ip-restricted' })
    const res = await login
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'ip restricted or invalid login hours' },
    })
    const recorded = await recordedExchange(gh, 'endpoint=token&status=400')
    expect(recorded.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(
      expect.arrayContaining(['breakpoint.request:passed', 'policy.ip:failed']),
    )
  })

  it('continue at request can change headers too', async () => {
    await addBreakpoint(gh, { when: { endpoint: 'rest' } })
    const call = gh.fetch(`${API}/sobjects`, { headers: { authorization: 'Bearer nope' } })
    const [paused] = await waitForPaused(gh)
    expect(paused!.request.headers.authorization).toBe('Bearer nope')
    // Removing the token: the API answers as to a call without one.
    await decide(gh, paused!.id, 'continue', { request: { headers: { authorization: null } } })
    const res = await call
    expect(res.status).toBe(401)
    const recorded = await recordedExchange(gh, 'endpoint=rest')
    expect(recorded.steps.find((s) => s.name === 'breakpoint.request')!.detail).toContain(
      'header authorization removed (was (a secret of 11 characters))',
    )
  })
})

describe('events', () => {
  it('`paused` and `released` are streamed as exchanges are held and let go', async () => {
    const controller = new AbortController()
    const stream = await gh.fetch('/_gatehouse/api/events', {
      headers: { authorization: `Bearer ${gh.engine.adminToken}` },
      signal: controller.signal,
    })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${needle}`)
        text += value
      }
    }
    try {
      await addBreakpoint(gh, { id: 'rita', when: { user: RITA } })
      const login = passwordGrant(gh, RITA)
      await readUntil('event: paused\n')
      const [paused] = await waitForPaused(gh)
      const pausedFrame = /event: paused\ndata: (.*)\n/.exec(text)![1]!
      expect(JSON.parse(pausedFrame)).toEqual(paused)
      await decide(gh, paused!.id, 'continue')
      await readUntil('event: released\n')
      const releasedFrame = /event: released\ndata: (.*)\n/.exec(text)![1]!
      expect(JSON.parse(releasedFrame)).toEqual({
        id: paused!.id,
        breakpoint: 'rita',
        at: 'request',
        how: 'continued',
        changed: false,
      })
      await login
    } finally {
      controller.abort()
    }
  })
})
