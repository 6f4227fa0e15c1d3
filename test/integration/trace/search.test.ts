import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TraceStatsResponse } from '../../../src/shared/admin-api'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { admin } from '../admin/support'
import { listExchanges, startWithOptions, TOKEN } from './support'

/**
 * The Traffic search (admin API `text=`): what a person types to find one exchange — a URL
 * part, a header value, a parameter, the failing step's explanation — whatever its case. The
 * same answers whether the exchanges were just recorded (read) or the recorder has since
 * indexed them in a pause.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startWithOptions()
  await gh.fetch(TOKEN, {
    method: 'POST',
    headers: { 'x-correlation-id': 'Batch-7731' },
    body: form({
      grant_type: 'password',
      client_id: C1.key,
      client_secret: C1.secret,
      username: USERS.ada,
      password: 'not-her-password',
    }),
  })
  await gh.fetch(TOKEN, {
    method: 'POST',
    body: form({
      grant_type: 'password',
      client_id: C1.key,
      client_secret: C1.secret,
      username: USERS.ada,
      password: PASSWORD,
    }),
  })
  await gh.fetch('/services/data/v62.0/limits')
})
afterAll(() => gh.close())

const urls = async (text: string) =>
  (await listExchanges(gh, `text=${encodeURIComponent(text)}`)).map((e) => `${e.id} ${e.url}`)

const SEARCHES: Array<[string, string[]]> = [
  ['batch-7731', [`1 ${TOKEN}`]],
  ['not-her-password', [`1 ${TOKEN}`]],
  ['access_token', [`2 ${TOKEN}`]],
  ['"error":"invalid_grant"', [`1 ${TOKEN}`]],
  // The failing step's explanation; passed steps are the same sentences every time.
  ['wrong password for', [`1 ${TOKEN}`]],
  [`${C1.name} is not blocked`, []],
  ['V62.0/LIM', ['3 /services/data/v62.0/limits']],
  ['no exchange has this', []],
]

async function pending(): Promise<number | undefined> {
  const res = await admin(gh, 'GET', '/trace')
  return (res.body as TraceStatsResponse).searchIndexPending
}

describe('searching recorded exchanges', () => {
  it('finds a header, a parameter, a field of the answer, the failing step and a part of the URL', async () => {
    for (const [text, expected] of SEARCHES) expect(await urls(text), text).toEqual(expected)
  })

  it('answers the same once the recorder has indexed them', async () => {
    const deadline = Date.now() + 10_000
    while ((await pending()) !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await pending()).toBe(0)
    for (const [text, expected] of SEARCHES) expect(await urls(text), text).toEqual(expected)
  })
})
