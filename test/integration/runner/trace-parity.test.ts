import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import demo from '../../../resources/demo-workspace.json'
import type { Run } from '../../../src/shared/runner-api'
import type { RunningGatehouse } from '../../support/gatehouse'
import { form } from '../../support/gatehouse'
import { admin } from '../admin/support'
import {
  BrowserClient,
  authorizePath,
  localPath,
  locationOf,
  pkcePair,
  submitConsent,
  submitLogin,
} from '../authorize/support'
import { ORDER_SYNC, runToEnd, startDemo } from './support'

/**
 * The runner is one more client on the wire: what it leaves in the trace must be what an
 * outside client doing the same leaves — the same exchanges with the same named steps —
 * and a run's exchanges belong to one flow, the run's.
 */
const ORDER_SYNC_APP = demo.apps.find((app) => app.name === ORDER_SYNC)!
const USER = 'sam@acme.test'
const PASSWORD = 'Passw0rd!'

const servers: RunningGatehouse[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((gh) => gh.close()))
})
async function fresh(): Promise<RunningGatehouse> {
  const gh = await startDemo()
  servers.push(gh)
  return gh
}

interface TracedStep {
  name: string
  outcome: string
}
interface Traced {
  endpoint: string
  method: string
  status: number
  flowId: number | null
  steps: TracedStep[]
}

async function traced(gh: RunningGatehouse, id: number): Promise<Traced> {
  const got = await admin(gh, 'GET', `/exchanges/${id}`)
  expect(got.status).toBe(200)
  return {
    endpoint: got.body.endpoint,
    method: got.body.method,
    status: got.body.status,
    flowId: got.body.flowId,
    steps: got.body.steps.map((s: TracedStep) => ({ name: s.name, outcome: s.outcome })),
  }
}

/** The exchanges of the only flow on a fresh server, oldest first. */
async function onlyFlow(gh: RunningGatehouse): Promise<{ id: number; exchanges: Traced[] }> {
  let flows
  for (let i = 0; i < 50; i++) {
    flows = await admin(gh, 'GET', '/flows')
    if (flows.body.items.length) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  expect(flows!.body.items).toHaveLength(1)
  const flow = await admin(gh, 'GET', `/flows/${flows!.body.items[0].id}`)
  const ids = flow.body.exchanges.map((e: { id: number }) => e.id) as number[]
  return { id: flow.body.id, exchanges: await Promise.all(ids.map((id) => traced(gh, id))) }
}

async function runExchanges(gh: RunningGatehouse, run: Run): Promise<Traced[]> {
  const ids = run.steps.filter((s) => s.status === 'sent').map((s) => s.exchangeId!)
  expect(ids.every((id) => typeof id === 'number')).toBe(true)
  return Promise.all(ids.map((id) => traced(gh, id)))
}

describe('a run leaves the same trace as an outside client', () => {
  it('web server flow with PKCE: the same exchanges, the same named steps, one flow', async () => {
    // By the runner, on a fresh server.
    const gh1 = await fresh()
    const run = await runToEnd(gh1, { flow: 'web-server', app: ORDER_SYNC, user: USER })
    expect(run.status).toBe('completed')
    const byRunner = await runExchanges(gh1, run)
    expect(byRunner).toHaveLength(5)
    expect(byRunner.every((e) => e.flowId === run.flowId)).toBe(true)
    expect((await onlyFlow(gh1)).id).toBe(run.flowId)

    // By hand, with fetch as a browser and a server would, on another fresh server.
    const gh2 = await fresh()
    const browser = new BrowserClient(gh2)
    const { verifier, challenge } = pkcePair()
    const redirectUri = ORDER_SYNC_APP.callbackUrls[0]!
    const page = await browser.get(
      authorizePath({
        response_type: 'code',
        client_id: ORDER_SYNC_APP.consumerKey,
        redirect_uri: redirectUri,
        scope: ORDER_SYNC_APP.scopes.join(' '),
        state: randomBytes(8).toString('hex'),
        nonce: randomBytes(8).toString('hex'),
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      { accept: 'text/html' },
    )
    expect(page.status).toBe(200)
    const login = await submitLogin(browser, page, USER, PASSWORD)
    expect(login.status).toBe(303)
    const consentPage = await browser.get(localPath(locationOf(gh2, login)))
    expect(consentPage.status).toBe(200)
    const consent = await submitConsent(browser, consentPage, 'approve')
    const code = locationOf(gh2, consent).searchParams.get('code')!
    const token = await gh2.fetch('/services/oauth2/token', {
      method: 'POST',
      body: form({
        grant_type: 'authorization_code',
        code,
        client_id: ORDER_SYNC_APP.consumerKey,
        client_secret: ORDER_SYNC_APP.consumerSecret,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    })
    expect(token.status).toBe(200)
    const byHand = (await onlyFlow(gh2)).exchanges
    expect(byHand).toHaveLength(5)

    const shape = (e: Traced) => ({
      endpoint: e.endpoint,
      method: e.method,
      status: e.status,
      steps: e.steps,
    })
    expect(byRunner.map(shape)).toEqual(byHand.map(shape))
    expect(byRunner.flatMap((e) => e.steps).length).toBeGreaterThan(10)
  })

  it('username-password: the same named steps as a hand-made token request', async () => {
    const gh1 = await fresh()
    const run = await runToEnd(gh1, { flow: 'username-password', app: ORDER_SYNC, user: USER })
    const [byRunner] = await runExchanges(gh1, run)

    const gh2 = await fresh()
    const response = await gh2.fetch('/services/oauth2/token', {
      method: 'POST',
      body: form({
        grant_type: 'password',
        client_id: ORDER_SYNC_APP.consumerKey,
        client_secret: ORDER_SYNC_APP.consumerSecret,
        username: USER,
        password: PASSWORD,
      }),
    })
    expect(response.status).toBe(200)
    const [byHand] = (await onlyFlow(gh2)).exchanges
    expect(byRunner!.steps).toEqual(byHand!.steps)
    expect(byRunner!.steps.every((s) => s.outcome !== 'failed')).toBe(true)
  })

  it("a device run's exchanges, across two clients' requests, all belong to the run's flow", async () => {
    const gh = await fresh()
    const run = await runToEnd(gh, { flow: 'device', app: ORDER_SYNC, user: USER })
    expect(run.status).toBe('completed')
    expect(run.flowId).not.toBeNull()
    const exchanges = await runExchanges(gh, run)
    expect(exchanges).toHaveLength(7)
    expect(new Set(exchanges.map((e) => e.flowId))).toEqual(new Set([run.flowId]))
    const flow = await admin(gh, 'GET', `/flows/${run.flowId}`)
    expect(flow.body.exchanges.map((e: { id: number }) => e.id)).toEqual(
      run.steps.map((s) => s.exchangeId),
    )
  })
})
