import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
import {
  ORDER_SYNC,
  PARTNER_PORTAL,
  errorOf,
  failAt,
  redirectOf,
  runToEnd,
  startDemo,
} from './support'

let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

const orderSync = (options: Record<string, unknown> = {}, user = 'sam@acme.test') => ({
  flow: 'web-server',
  app: ORDER_SYNC,
  user,
  options,
})

describe('the web-server flow, played by the runner', () => {
  it('runs to completion with PKCE: login page, login, consent, code, tokens', async () => {
    const run = await runToEnd(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      user: 'ada@acme.test',
      options: { pkce: true },
    })
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([
      ['authorize', 'sent'],
      ['login', 'sent'],
      ['continue', 'sent'],
      ['consent', 'sent'],
      ['token', 'sent'],
    ])
    const token = run.steps.at(-1)!
    expect(token.response!.status).toBe(200)
    expect(token.handsOn!.access_token).toBeTruthy()
    expect(token.handsOn!.refresh_token).toBeTruthy()
    expect(token.request!.params.code_verifier).toBeTruthy()
    expect(run.steps[0]!.request!.params.code_challenge_method).toBe('S256')
    // Every exchange is recorded, all in one flow.
    const ids = run.steps.map((s) => s.exchangeId)
    expect(ids.every((id) => typeof id === 'number')).toBe(true)
    const flow = await admin(gh, 'GET', `/flows/${run.flowId}`)
    expect(flow.body.exchanges.map((e: { id: number }) => e.id)).toEqual(ids)
    expect(flow.body.kind).toBe('web_server')
    expect(flow.body.status).toBe('succeeded')
  })

  it('runs without PKCE, the secret proving the client', async () => {
    const run = await runToEnd(gh, orderSync({ pkce: false }))
    expect(run.status).toBe('completed')
    expect(run.steps[0]!.request!.params.code_challenge).toBeUndefined()
    const token = run.steps.at(-1)!
    expect(token.request!.params.code_verifier).toBeUndefined()
    expect(token.request!.params.client_secret).toBeTruthy()
    expect(token.response!.status).toBe(200)
    expect(token.handsOn!.access_token).toBeTruthy()
  })

  it('runs with PKCE and no secret for an app that does not require it (Partner Portal)', async () => {
    const run = await runToEnd(gh, {
      flow: 'web-server',
      app: PARTNER_PORTAL,
      user: 'ada@acme.test',
    })
    expect(run.status).toBe('completed')
    const token = run.steps.at(-1)!
    expect(token.request!.params.client_secret).toBeUndefined()
    expect(token.request!.params.code_verifier).toBeTruthy()
    expect(token.response!.status).toBe(200)
    expect(token.handsOn!.access_token).toBeTruthy()
  })
})

describe('the web-server flow fails as Salesforce does when one parameter is edited', () => {
  it('a redirect_uri that is not a callback URL: a plain-text page, no redirect', async () => {
    const { step, run } = await failAt(gh, orderSync(), 'authorize', {
      params: { redirect_uri: 'https://evil.test/callback' },
    })
    expect(step.response!.status).toBe(400)
    expect(step.response!.location).toBeNull()
    expect(step.response!.headers['content-type']).toMatch(/^text\/plain/)
    expect(step.response!.body).toBe(
      'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration',
    )
    expect(step.outcome).toBe('failed')
    expect(step.failedStep).toBe('redirect_uri.match')
    expect(run.status).toBe('failed')
    expect(run.next).toBeNull()
  })

  it('a scope the app lacks: invalid_scope back to the callback, state echoed', async () => {
    const { step, run } = await failAt(gh, orderSync(), 'authorize', {
      params: { scope: 'api full' },
    })
    expect(step.response!.status).toBe(302)
    const back = redirectOf(step)
    expect(back.error).toBe('invalid_scope')
    expect(back.error_description).toBe('the requested scope is not allowed')
    expect(back.state).toBe(step.request!.params.state)
    expect(back.code).toBeUndefined()
    expect(run.status).toBe('failed')
  })

  it('PKCE left out for an app that requires it (Partner Portal): invalid_request', async () => {
    const { step } = await failAt(
      gh,
      { flow: 'web-server', app: PARTNER_PORTAL, user: 'ada@acme.test', options: { pkce: false } },
      'authorize',
    )
    const back = redirectOf(step)
    expect(back.error).toBe('invalid_request')
    expect(back.error_description).toBe('missing required code challenge')
    expect(step.failedStep).toBe('pkce.challenge')
  })

  it('the user clicks Deny: access_denied / end-user denied authorization', async () => {
    const { step, run } = await failAt(
      gh,
      orderSync({ decision: 'deny', prompt: 'consent' }),
      'consent',
    )
    expect(step.request!.params.decision).toBe('deny')
    const back = redirectOf(step)
    expect(back.error).toBe('access_denied')
    expect(back.error_description).toBe('end-user denied authorization')
    expect(back.code).toBeUndefined()
    expect(run.status).toBe('failed')
    expect(run.steps.at(-1)!.status).toBe('pending')
  })

  it('code_verifier left out: invalid_grant / invalid code verifier', async () => {
    const { step, run } = await failAt(gh, orderSync(), 'token', {
      removeParams: ['code_verifier'],
    })
    expect(step.response!.status).toBe(400)
    // The step keeps what the person changed, for the Run view and scenarios to show.
    expect(step.edits).toEqual({ removeParams: ['code_verifier'] })
    expect(step.request!.params).not.toHaveProperty('code_verifier')
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid code verifier',
    })
    expect(step.outcome).toBe('failed')
    expect(step.failedStep).toBeTruthy()
    expect(run.status).toBe('failed')
    expect(run.next).toBeNull()
  })

  it('a code_verifier that does not match the challenge: invalid_request', async () => {
    const { step } = await failAt(gh, orderSync(), 'token', {
      params: { code_verifier: 'x'.repeat(64) },
    })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_request',
      error_description: 'invalid code verifier',
    })
    expect(step.failedStep).toBe('pkce.verify')
  })

  it('a wrong client secret: invalid_client / invalid client credentials', async () => {
    const { step } = await failAt(gh, orderSync(), 'token', {
      params: { client_secret: 'not-the-secret' },
    })
    expect(step.response!.status).toBe(400)
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
    expect(step.failedStep).toBe('client.secret')
  })

  it('no secret where the app requires it (Order Sync), PKCE or not: invalid_client', async () => {
    const { step } = await failAt(gh, orderSync({ secret: false }), 'token')
    expect(step.request!.params.client_secret).toBeUndefined()
    expect(errorOf(step)).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    })
  })

  it('a redirect_uri on the code exchange other than the one authorized: invalid_grant', async () => {
    const { step } = await failAt(gh, orderSync(), 'token', {
      params: { redirect_uri: 'http://localhost:3000/other' },
    })
    expect(errorOf(step)).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri must match configuration',
    })
    expect(step.failedStep).toBe('code.redirect_uri')
  })

  it('the same code twice (re-running the token step): invalid_grant / expired authorization code', async () => {
    const run = await runToEnd(gh, orderSync())
    expect(run.status).toBe('completed')
    const tokenIndex = run.steps.length - 1
    const again = await admin(gh, 'POST', `/runs/${run.id}/steps/${tokenIndex}/rerun`, {})
    expect(again.status).toBe(200)
    expect(again.body.request.params.code).toBe(run.steps[tokenIndex]!.request!.params.code)
    expect(errorOf(again.body)).toEqual({
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    })
  })
})
