import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src/core/policy/clock'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { admin } from './support'

/** The virtual clock and the signing keys through the admin API. */
const REAL_NOW = Date.parse('2030-01-01T00:00:00Z')
let gh: RunningGatehouse

beforeAll(async () => {
  // A fixed "real" time, so the clock's answers are exact.
  gh = await startGatehouse({ clock: new VirtualClock(() => REAL_NOW) })
})
beforeEach(() => gh.clock.reset())
afterAll(() => gh.close())

describe('clock', () => {
  it('GET answers the virtual time', async () => {
    const res = await admin(gh, 'GET', '/clock')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      now: '2030-01-01T00:00:00.000Z',
      nowMs: REAL_NOW,
      offsetSeconds: 0,
      frozen: false,
    })
  })

  it('PUT jumps to an ISO time or to milliseconds, and can freeze', async () => {
    const iso = await admin(gh, 'PUT', '/clock', { now: '2030-01-02T12:00:00Z' })
    expect(iso.status).toBe(200)
    expect(iso.body).toMatchObject({
      now: '2030-01-02T12:00:00.000Z',
      offsetSeconds: 129_600,
      frozen: false,
    })
    const ms = await admin(gh, 'PUT', '/clock', { now: REAL_NOW + 5000, frozen: true })
    expect(ms.body).toMatchObject({ nowMs: REAL_NOW + 5000, frozen: true })
    expect(gh.clock.now()).toBe(REAL_NOW + 5000)
    const running = await admin(gh, 'PUT', '/clock', { now: REAL_NOW, frozen: false })
    expect(running.body).toMatchObject({ nowMs: REAL_NOW, frozen: false })
  })

  it('PUT refuses bad times with the path', async () => {
    for (const body of [
      { now: 'tomorrow' },
      { now: 1.5 },
      {},
      { now: REAL_NOW, frozen: 'yes' },
      { now: REAL_NOW, extra: 1 },
    ]) {
      const res = await admin(gh, 'PUT', '/clock', body)
      expect(res.status).toBe(400)
      expect(res.body.error).toBe('invalid_request')
      expect(res.body.issues[0].in).toBe('body')
      expect(['now', 'frozen', 'extra']).toContain(res.body.issues[0].path)
    }
    expect(gh.clock.now()).toBe(REAL_NOW)
  })

  it('POST /clock/advance moves by a duration or by milliseconds', async () => {
    expect((await admin(gh, 'POST', '/clock/advance', { by: '+2h' })).body.nowMs).toBe(
      REAL_NOW + 7_200_000,
    )
    expect((await admin(gh, 'POST', '/clock/advance', { by: '-1h30m' })).body.nowMs).toBe(
      REAL_NOW + 1_800_000,
    )
    expect((await admin(gh, 'POST', '/clock/advance', { by: 1000 })).body.nowMs).toBe(
      REAL_NOW + 1_801_000,
    )
  })

  it('POST /clock/advance refuses what is not a duration', async () => {
    for (const by of ['soon', '2 hours', '', true]) {
      const res = await admin(gh, 'POST', '/clock/advance', { by })
      expect(res.status).toBe(400)
      expect(res.body.issues[0]).toMatchObject({ in: 'body', path: 'by' })
    }
    const missing = await admin(gh, 'POST', '/clock/advance', {})
    expect(missing.body.issues[0]).toMatchObject({ in: 'body', path: 'by' })
  })

  it('freeze, unfreeze and reset', async () => {
    expect((await admin(gh, 'POST', '/clock/freeze')).body.frozen).toBe(true)
    await admin(gh, 'POST', '/clock/advance', { by: '1d' })
    const unfrozen = await admin(gh, 'POST', '/clock/unfreeze')
    expect(unfrozen.body).toMatchObject({ frozen: false, nowMs: REAL_NOW + 86_400_000 })
    const reset = await admin(gh, 'POST', '/clock/reset')
    expect(reset.body).toMatchObject({ frozen: false, nowMs: REAL_NOW, offsetSeconds: 0 })
  })
})

describe('keys', () => {
  it('GET lists the public keys and the active kid; rotate makes a new signer, keeping the old', async () => {
    const before = await admin(gh, 'GET', '/keys')
    expect(before.status).toBe(200)
    expect(before.body.keys.map((k: { kid: string }) => k.kid)).toContain(before.body.activeKid)
    expect(JSON.stringify(before.body)).not.toMatch(/PRIVATE|"d":/)

    const rotated = await admin(gh, 'POST', '/keys/rotate')
    expect(rotated.status).toBe(200)
    expect(rotated.body.activeKid).not.toBe(before.body.activeKid)
    const kids = rotated.body.keys.map((k: { kid: string }) => k.kid)
    expect(kids).toEqual(expect.arrayContaining([before.body.activeKid, rotated.body.activeKid]))

    const published = (await (await gh.fetch('/id/keys')).json()) as {
      keys: Array<{ kid: string }>
    }
    expect(published.keys.map((k) => k.kid)).toContain(rotated.body.activeKid)
  })
})
