import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run, RunStep } from '../../../src/shared/runner-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import { ORDER_SYNC, failAt, jwtPayload, redirectOf, runToEnd, startDemo } from './support'

let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

const userAgent = (options: Record<string, unknown> = {}, user = 'sam@acme.test') => ({
  flow: 'user-agent',
  app: ORDER_SYNC,
  user,
  options,
})

/** The step whose redirect went back to the app's callback URL. */
function callbackStep(run: Run): RunStep {
  const step = run.steps.find((s) =>
    s.response?.location?.startsWith('http://localhost:3000/oauth/callback'),
  )
  if (!step) throw new Error('no step was redirected to the callback URL')
  return step
}

describe('the user-agent flow, played by the runner', () => {
  it('response_type=token: the tokens come back in the fragment, never in the query', async () => {
    const run = await runToEnd(gh, userAgent({}, 'ada@acme.test'))
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => s.name)).toEqual(['authorize', 'login', 'continue', 'consent'])
    expect(run.steps[0]!.request!.params.response_type).toBe('token')
    const step = callbackStep(run)
    const location = new URL(step.response!.location!)
    expect(location.search).toBe('')
    const back = redirectOf(step)
    expect(back.access_token).toMatch(/^00D5g00000GhAcm!/)
    expect(back.token_type).toBe('Bearer')
    expect(back.refresh_token).toBeTruthy()
    expect(back.state).toBe(run.steps[0]!.request!.params.state)
    expect(back.id_token).toBeUndefined()
    expect(step.handsOn!.access_token).toBe(back.access_token)
  })

  it('response_type="token id_token": an id_token carrying the nonce, for this app', async () => {
    const run = await runToEnd(gh, userAgent({ responseType: 'token id_token' }))
    expect(run.status).toBe('completed')
    const authorize = run.steps[0]!.request!.params
    expect(authorize.response_type).toBe('token id_token')
    expect(authorize.nonce).toBeTruthy()
    const back = redirectOf(callbackStep(run))
    expect(back.access_token).toBeTruthy()
    const claims = jwtPayload(back.id_token!)
    expect(claims.nonce).toBe(authorize.nonce)
    expect(claims.aud).toBe(run.appKey)
    expect(claims.preferred_username).toBe('sam@acme.test')
  })
})

describe('the user-agent flow fails as Salesforce does', () => {
  it('a scope the app lacks: invalid_scope in the fragment', async () => {
    const { step, run } = await failAt(gh, userAgent(), 'authorize', {
      params: { scope: 'api full' },
    })
    expect(step.response!.status).toBe(302)
    expect(new URL(step.response!.location!).search).toBe('')
    const back = redirectOf(step)
    expect(back.error).toBe('invalid_scope')
    expect(back.error_description).toBe('the requested scope is not allowed')
    expect(back.access_token).toBeUndefined()
    expect(run.status).toBe('failed')
  })

  it('a redirect_uri that is not a callback URL: a plain-text page', async () => {
    const { step } = await failAt(gh, userAgent(), 'authorize', {
      params: { redirect_uri: 'http://localhost:3000/elsewhere' },
    })
    expect(step.response!.status).toBe(400)
    expect(step.response!.body).toBe(
      'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration',
    )
  })

  it('token id_token without a nonce: invalid_request / missing required nonce', async () => {
    const { step } = await failAt(gh, userAgent({ responseType: 'token id_token' }), 'authorize', {
      removeParams: ['nonce'],
    })
    const back = redirectOf(step)
    expect(back.error).toBe('invalid_request')
    expect(back.error_description).toBe('missing required nonce')
    expect(back.id_token).toBeUndefined()
  })

  it('the user clicks Deny: access_denied in the fragment', async () => {
    const { step } = await failAt(gh, userAgent({ decision: 'deny', prompt: 'consent' }), 'consent')
    const back = redirectOf(step)
    expect(new URL(step.response!.location!).search).toBe('')
    expect(back.error).toBe('access_denied')
    expect(back.error_description).toBe('end-user denied authorization')
  })
})
