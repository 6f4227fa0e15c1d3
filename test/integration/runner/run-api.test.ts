import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import demo from '../../../resources/demo-workspace.json'
import type { Run, RunSummary } from '../../../src/shared/runner-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
import {
  NIGHTLY_ETL,
  ORDER_SYNC,
  PARTNER_PORTAL,
  createRun,
  errorOf,
  getRun,
  runToEnd,
  runUntil,
  sendStep,
  startDemo,
  startDemoKeepingData,
} from './support'

/** The runner's admin API: refusals, the order of steps, re-runs, storage and events. */
let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

describe('POST /runs refuses bad input with 400, naming the field', () => {
  it('an unknown flow', async () => {
    const created = await createRun(gh, { flow: 'implicit-grant', app: ORDER_SYNC })
    expect(created.status).toBe(400)
    expect(created.body.issues.map((i: { path: string }) => i.path)).toEqual(['flow'])
  })

  it('an unknown app', async () => {
    const created = await createRun(gh, { flow: 'web-server', app: 'No Such App' })
    expect(created.status).toBe(400)
    expect(created.body.issues).toEqual([
      expect.objectContaining({
        path: 'app',
        message:
          'no app is named No Such App or has it as consumer key; apps: Order Sync, Partner Portal, Nightly ETL',
      }),
    ])
  })

  it('an unknown user', async () => {
    const created = await createRun(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      user: 'nobody@acme.test',
    })
    expect(created.status).toBe(400)
    expect(created.body.issues).toEqual([
      expect.objectContaining({
        path: 'user',
        message: 'no user has the username nobody@acme.test',
      }),
    ])
  })

  it('a flow the app does not allow', async () => {
    const created = await createRun(gh, { flow: 'client-credentials', app: PARTNER_PORTAL })
    expect(created.status).toBe(400)
    expect(created.body.issues).toEqual([
      expect.objectContaining({
        path: 'flow',
        message:
          'Partner Portal does not allow the client-credentials flow: the client credentials flow is off (Enable Client Credentials Flow)',
      }),
    ])
  })

  it('a bad option names the option', async () => {
    const created = await createRun(gh, {
      flow: 'user-agent',
      app: ORDER_SYNC,
      options: { responseType: 'code' },
    })
    expect(created.status).toBe(400)
    expect(created.body.issues[0]).toMatchObject({
      path: 'options.responseType',
      message: 'responseType must be "token" or "token id_token"',
    })
  })

  it('the app may be named by its consumer key; the first request is built, not sent', async () => {
    const key = demo.apps.find((app) => app.name === ORDER_SYNC)!.consumerKey
    const created = await createRun(gh, { flow: 'username-password', app: key })
    expect(created.status).toBe(201)
    const run = created.body as Run
    expect(run).toMatchObject({ app: ORDER_SYNC, status: 'ready', next: 0, flowId: null })
    // The default user: the first active one who can sign in.
    expect(run.user).toBe('ada@acme.test')
    expect(run.steps[0]).toMatchObject({ status: 'pending', name: 'token' })
    expect(run.steps[0]!.request!.params.grant_type).toBe('password')
    expect(run.steps[0]!.response).toBeUndefined()
    expect(JSON.stringify(run)).not.toContain('codeVerifier')
  })
})

describe('sending steps', () => {
  it('a step that is not the next one: 409, naming the one that is', async () => {
    const created = await createRun(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      user: 'sam@acme.test',
    })
    const ahead = await admin(gh, 'POST', `/runs/${created.body.id}/steps/2/send`, {})
    expect(ahead.status).toBe(409)
    expect(ahead.body.message).toBe('step 2 is not the next one; step 0 (authorize) is')
    await admin(gh, 'POST', `/runs/${created.body.id}/steps/0/send`, {})
    const again = await admin(gh, 'POST', `/runs/${created.body.id}/steps/0/send`, {})
    expect(again.status).toBe(409)
    expect(again.body.message).toBe('step 0 is not the next one; step 1 (login) is')
  })

  it('a finished run has no step to send: 409', async () => {
    const run = await runToEnd(gh, { flow: 'username-password', app: ORDER_SYNC })
    const more = await admin(gh, 'POST', `/runs/${run.id}/steps/0/send`, {})
    expect(more.status).toBe(409)
    expect(more.body.message).toBe(
      `run ${run.id} has no step to send (completed); re-run a step to go back`,
    )
  })

  it('a step or run that does not exist: 404', async () => {
    const run = await runToEnd(gh, { flow: 'username-password', app: ORDER_SYNC })
    expect((await admin(gh, 'POST', `/runs/${run.id}/steps/5/send`, {})).status).toBe(404)
    expect((await admin(gh, 'GET', '/runs/999999')).status).toBe(404)
  })

  it('rerun re-sends a step with edits and resets the later ones', async () => {
    const run = await runToEnd(gh, { flow: 'web-server', app: ORDER_SYNC, user: 'sam@acme.test' })
    expect(run.status).toBe('completed')
    // Back to the authorization request, this time with a scope the app lacks.
    const rerun = await admin(gh, 'POST', `/runs/${run.id}/steps/0/rerun`, {
      params: { scope: 'api full' },
    })
    expect(rerun.status).toBe(200)
    expect(rerun.body.request.params.scope).toBe('api full')
    expect(rerun.body.exchangeId).not.toBe(run.steps[0]!.exchangeId)
    let after = await getRun(gh, run.id)
    expect(after.status).toBe('failed')
    expect(after.next).toBeNull()
    expect(after.steps.slice(1).map((s) => s.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ])
    expect(after.steps.slice(1).every((s) => s.response === undefined)).toBe(true)
    // And again unedited: the run goes on from there and completes with fresh tokens.
    const fixed = await admin(gh, 'POST', `/runs/${run.id}/steps/0/rerun`, {})
    expect(fixed.body.response.status).toBe(200)
    after = await getRun(gh, run.id)
    expect(after.status).toBe('in_progress')
    expect(after.next).toBe(1)
    const finished = await admin(gh, 'POST', `/runs/${run.id}/finish`)
    expect(finished.body.status).toBe('completed')
    expect(finished.body.steps.at(-1).handsOn.access_token).not.toBe(
      run.steps.at(-1)!.handsOn!.access_token,
    )
  })

  it('rerun of a step not reached yet: 409', async () => {
    const created = await createRun(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      user: 'sam@acme.test',
    })
    const early = await admin(gh, 'POST', `/runs/${created.body.id}/steps/3/rerun`, {})
    expect(early.status).toBe(409)
    expect(early.body.message).toBe(
      'step 3 has not been reached yet; send the steps before it first',
    )
  })
})

describe('GET /runs, DELETE /runs/{id}, GET /runs/flows', () => {
  it('lists runs newest first as summaries, and forgets a deleted one', async () => {
    const a = await runToEnd(gh, { flow: 'client-credentials', app: NIGHTLY_ETL })
    const b = (await createRun(gh, { flow: 'username-password', app: ORDER_SYNC })).body as Run
    const list = await admin(gh, 'GET', '/runs')
    expect(list.status).toBe(200)
    const ids = (list.body as RunSummary[]).map((r) => r.id)
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id))
    const summary = (list.body as RunSummary[]).find((r) => r.id === a.id)!
    expect(summary).toMatchObject({
      flow: 'client-credentials',
      app: NIGHTLY_ETL,
      status: 'completed',
      stepCount: 1,
      sentCount: 1,
    })
    expect(summary).not.toHaveProperty('steps')

    const deleted = await admin(gh, 'DELETE', `/runs/${a.id}`)
    expect(deleted.status).toBe(204)
    expect((await admin(gh, 'GET', `/runs/${a.id}`)).status).toBe(404)
    const after = await admin(gh, 'GET', '/runs')
    expect((after.body as RunSummary[]).map((r) => r.id)).not.toContain(a.id)
    expect((await admin(gh, 'DELETE', `/runs/${a.id}`)).status).toBe(404)
    // The exchanges stay in the trace.
    expect((await admin(gh, 'GET', `/exchanges/${a.steps[0]!.exchangeId}`)).status).toBe(200)
  })

  it('says which flows an app allows, and the setting that keeps the others off', async () => {
    const flows = await admin(gh, 'GET', `/runs/flows?app=${encodeURIComponent(NIGHTLY_ETL)}`)
    expect(flows.status).toBe(200)
    const why = Object.fromEntries(
      (flows.body as Array<{ flow: string; disabledBecause: string | null }>).map((f) => [
        f.flow,
        f.disabledBecause,
      ]),
    )
    expect(Object.keys(why)).toHaveLength(15)
    expect(why['client-credentials']).toBeNull()
    expect(why['jwt-bearer']).toBeNull()
    expect(why['web-server']).toBeNull()
    expect(why.device).toBe('the device flow is off (Enable for Device Flow)')
    expect(why['username-password']).toBe(
      'External Client Apps never allow the username-password flow',
    )
    expect(why.refresh).toBe('the app lacks the refresh_token scope (Perform requests at any time)')
    expect(why['token-exchange']).toBe(
      'the token exchange flow is off (Enable Token Exchange Flow)',
    )

    const orderSync = await admin(gh, 'GET', '/runs/flows?app=Order%20Sync')
    const off = (orderSync.body as Array<{ flow: string; disabledBecause: string | null }>)
      .filter((f) => f.disabledBecause !== null)
      .map((f) => f.flow)
    expect(off).toEqual(['client-credentials', 'jwt-bearer'])
  })

  it('an unknown app: 400 naming it', async () => {
    const flows = await admin(gh, 'GET', '/runs/flows?app=Nope')
    expect(flows.status).toBe(400)
    expect(flows.body.issues[0].path).toBe('app')
  })
})

describe('runs survive an engine restart', () => {
  let server: Awaited<ReturnType<typeof startDemoKeepingData>> | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('a half-done web-server run goes on after the restart and completes', async () => {
    server = await startDemoKeepingData()
    const before = await runUntil(
      server.current(),
      { flow: 'web-server', app: ORDER_SYNC, user: 'sam@acme.test' },
      'consent',
    )
    const restarted = await server.restart()
    const run = await getRun(restarted, before.id)
    expect(run.steps.map((s) => [s.name, s.status])).toEqual(
      before.steps.map((s) => [s.name, s.status]),
    )
    expect(run.next).toBe(before.next)
    expect((await admin(restarted, 'GET', '/runs')).body.map((r: RunSummary) => r.id)).toContain(
      before.id,
    )
    const consent = await sendStep(restarted, run)
    expect(consent.response!.status).toBe(303)
    const token = await sendStep(restarted, await getRun(restarted, run.id))
    expect(token.response!.status).toBe(200)
    expect(token.handsOn!.access_token).toBeTruthy()
    expect((await getRun(restarted, run.id)).status).toBe('completed')
  })

  it('a failed run stays failed, with its answer, after the restart', async () => {
    server = await startDemoKeepingData()
    const created = await createRun(server.current(), {
      flow: 'username-password',
      app: ORDER_SYNC,
      user: 'sam@acme.test',
    })
    const sent = await sendStep(server.current(), created.body as Run, {
      params: { password: 'wrong' },
    })
    const restarted = await server.restart()
    const run = await getRun(restarted, created.body.id)
    expect(run.status).toBe('failed')
    expect(errorOf(run.steps[0]!)).toEqual(errorOf(sent))
    expect(errorOf(run.steps[0]!).error_description).toBe('authentication failure')
  })
})

describe('GET /events', () => {
  it('emits `event: run` when a run changes, and `run-deleted` when it goes', async () => {
    const controller = new AbortController()
    const response = await gh.fetch('/_gatehouse/api/events', {
      headers: { authorization: `Bearer ${gh.engine.adminToken}` },
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    let pending: ReturnType<typeof reader.read> | undefined
    const frames = () =>
      text
        .split('\n\n')
        .map((frame) => {
          const event = /^event: (.*)$/m.exec(frame)?.[1]
          const data = /^data: (.*)$/m.exec(frame)?.[1]
          return event && data ? { event, data: JSON.parse(data) as Record<string, unknown> } : null
        })
        .filter((f) => f !== null)
    const waitFor = async (
      match: (f: { event: string; data: Record<string, unknown> }) => boolean,
    ) => {
      const deadline = Date.now() + 3000
      for (;;) {
        const found = frames().find(match)
        if (found) return found
        if (Date.now() > deadline) throw new Error(`no matching event in:\n${text}`)
        // One read in flight at a time, kept across waits so no chunk is lost.
        pending ??= reader.read()
        const chunk = await Promise.race([
          pending,
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 200)),
        ])
        if (chunk) {
          pending = undefined
          if (!chunk.done) text += chunk.value
        }
      }
    }
    try {
      const created = await createRun(gh, { flow: 'username-password', app: ORDER_SYNC })
      const id = created.body.id as number
      const first = await waitFor((f) => f.event === 'run' && f.data.id === id)
      expect(first.data).toMatchObject({ status: 'ready', sentCount: 0, stepCount: 1 })
      await admin(gh, 'POST', `/runs/${id}/steps/0/send`, {})
      const sent = await waitFor(
        (f) => f.event === 'run' && f.data.id === id && f.data.sentCount === 1,
      )
      expect(sent.data.status).toBe('completed')
      await admin(gh, 'DELETE', `/runs/${id}`)
      const gone = await waitFor((f) => f.event === 'run-deleted')
      expect(gone.data).toEqual({ id })
    } finally {
      controller.abort()
    }
  })
})
