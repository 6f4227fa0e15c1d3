import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/runner-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'
import {
  BrowserClient,
  CONSENT,
  hiddenFields,
  LOGIN,
  locationOf,
  localPath,
} from '../authorize/support'
import { ORDER_SYNC, createRun, startDemo } from './support'

let gh: RunningGatehouse
beforeAll(async () => {
  gh = await startDemo()
})
afterAll(() => gh.close())

/** What a person does in their own browser with the authorization URL the runner gives. */
async function signInByHand(authorizeUrl: string, username: string): Promise<void> {
  const browser = new BrowserClient(gh)
  const url = new URL(authorizeUrl)
  const loginPage = await browser.get(url.pathname + url.search)
  expect(loginPage.status).toBe(200)
  const login = await browser.post(LOGIN, {
    ...hiddenFields(await loginPage.text()),
    username,
    password: 'Passw0rd!',
  })
  expect(login.status).toBe(303)
  const consentPage = await browser.get(localPath(locationOf(gh, login)))
  const consent = await browser.post(CONSENT, {
    ...hiddenFields(await consentPage.text()),
    decision: 'approve',
  })
  expect(consent.status).toBe(303)
}

describe('"sign in yourself": the person logs in, the runner picks up the code', () => {
  it('gives the authorization URL, waits for the recorded redirect with its state, then swaps the code', async () => {
    const created = await createRun(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      user: 'sam@acme.test',
      options: { signIn: 'self' },
    })
    expect(created.status).toBe(201)
    const run = created.body as Run
    expect(run.steps.map((s) => s.name)).toEqual(['sign-in', 'token'])
    const authorizeUrl = run.steps[0]!.request!.url
    expect(new URL(authorizeUrl).pathname).toBe('/services/oauth2/authorize')

    // Before anyone signed in, the step cannot be completed, and says what to do.
    const early = await admin(gh, 'POST', `/runs/${run.id}/steps/0/send`, {})
    expect(early.status).toBe(409)
    expect(early.body.message).toMatch(/open the authorization URL, sign in/)

    await signInByHand(authorizeUrl, 'sam@acme.test')

    const picked = await admin(gh, 'POST', `/runs/${run.id}/steps/0/send`, {})
    expect(picked.status).toBe(200)
    expect(picked.body.handsOn.code).toBeTruthy()
    expect(picked.body.exchangeId).toEqual(expect.any(Number))

    const finished = await admin(gh, 'POST', `/runs/${run.id}/finish`)
    expect(finished.body.status).toBe('completed')
    expect(finished.body.steps[1].response.status).toBe(200)
    expect(JSON.parse(finished.body.steps[1].response.body).access_token).toBeTruthy()
  })

  it('refuses an unknown signIn value, naming the option', async () => {
    const created = await createRun(gh, {
      flow: 'web-server',
      app: ORDER_SYNC,
      options: { signIn: 'popup' },
    })
    expect(created.status).toBe(400)
    expect(created.body.issues[0].path).toBe('options.signIn')
  })
})
