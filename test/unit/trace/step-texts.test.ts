import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../src/shared/admin-api'
import { decodeSteps, encodeSteps } from '../../../src/core/trace/packed'
import {
  expandSteps,
  RECUR_APART_MS,
  StepTextCompactor,
  type NewStepText,
} from '../../../src/core/trace/step-texts'

/** A clock a second further on at every reading: each sighting comes a second after the last. */
function slowClock(): { now: () => number } {
  let t = 0
  return { now: () => (t += RECUR_APART_MS) }
}

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let t = 0
  return { now: () => t, advance: (ms) => (t += ms) }
}

const blocked: StepRecord = {
  name: 'client.blocked',
  outcome: 'passed',
  detail: 'app Order Sync is not blocked',
}
const secret: StepRecord = {
  name: 'client.secret',
  outcome: 'failed',
  detail: "the client_secret sent does not match Order Sync's consumer secret",
  error: { error: 'invalid_client', error_description: 'invalid client credentials', status: 400 },
}
const issued = (grant: string): StepRecord => ({
  name: 'tokens.issue',
  outcome: 'passed',
  detail: `issued access token; grant ${grant} #1`,
})

/** Every kept text, as the store would hold them. */
function library(added: NewStepText[]): (id: number) => string | undefined {
  const byId = new Map(added.map((t) => [t.id, t.text]))
  return (id) => byId.get(id)
}

describe('step texts stored once', () => {
  it('keeps a step the second time it is seen, and reads back exactly what was recorded', () => {
    const compactor = new StepTextCompactor([], slowClock())
    const added: NewStepText[] = []
    const steps = [blocked, secret, issued('g-1')]
    const first = compactor.compact(encodeSteps(steps), added)
    // Seen once: everything stays inline.
    expect(first).toBe(encodeSteps(steps))
    expect(added).toEqual([])

    const next = [blocked, secret, issued('g-2')]
    const second = compactor.compact(encodeSteps(next), added)
    expect(added.map((t) => t.text)).toEqual([encodeSteps([blocked]), encodeSteps([secret])])
    expect(second).toBe(`#1;#2;${encodeSteps([issued('g-2')])}`)
    expect(second.length).toBeLessThan(encodeSteps(next).length / 2)

    const third = compactor.compact(encodeSteps([blocked, secret, issued('g-3')]), added)
    expect(third.startsWith('#1;#2;')).toBe(true)
    expect(added).toHaveLength(2)

    const textOf = library(added)
    expect(decodeSteps(expandSteps(second, textOf))).toEqual(next)
    expect(expandSteps(first, textOf)).toBe(first)
  })

  it('starts from the texts already stored, and never reuses an id', () => {
    const known = [{ id: 7, text: encodeSteps([blocked]) }]
    const compactor = new StepTextCompactor(known, slowClock())
    const added: NewStepText[] = []
    expect(compactor.compact(encodeSteps([blocked]), added)).toBe('#7;')
    compactor.compact(encodeSteps([secret]), added)
    compactor.compact(encodeSteps([secret]), added)
    expect(added).toEqual([{ id: 8, text: encodeSteps([secret]) }])
  })

  it('forgets the texts of a batch that was not written', () => {
    const compactor = new StepTextCompactor([], slowClock())
    const added: NewStepText[] = []
    compactor.compact(encodeSteps([blocked]), added)
    compactor.compact(encodeSteps([blocked]), added)
    compactor.forget(added)
    const retry: NewStepText[] = []
    // Seen again: kept again, under a new id, and written with this batch.
    compactor.compact(encodeSteps([blocked]), retry)
    compactor.compact(encodeSteps([blocked]), retry)
    expect(retry).toEqual([{ id: 2, text: encodeSteps([blocked]) }])
  })

  it('keeps a step only when it is seen again a second or more after its first sighting', () => {
    const clock = manualClock()
    const compactor = new StepTextCompactor([], clock)
    const added: NewStepText[] = []
    const step = encodeSteps([blocked])
    compactor.compact(step, added)
    clock.advance(RECUR_APART_MS - 1)
    expect(compactor.compact(step, added)).toBe(step)
    expect(added).toEqual([])
    clock.advance(1)
    expect(compactor.compact(step, added)).toBe('#1;')
    expect(added).toEqual([{ id: 1, text: step }])
  })

  it('does not keep texts that recur only within a burst, like a millisecond under load', () => {
    const clock = manualClock()
    const compactor = new StepTextCompactor([], clock)
    const added: NewStepText[] = []
    const at = (ms: number): StepRecord => ({
      name: 'token.active',
      outcome: 'passed',
      detail: `not revoked; after virtual now ${new Date(Date.UTC(2026, 11, 6, 2, 30, 28, ms)).toISOString()}`,
    })
    // Five seconds of load: eight requests in each millisecond, each naming it.
    for (let ms = 0; ms < 5_000; ms++) {
      for (let i = 0; i < 8; i++) compactor.compact(encodeSteps([at(ms), blocked]), added)
      clock.advance(1)
    }
    // Only the step that recurs across seconds is kept.
    expect(added.map((t) => t.text)).toEqual([encodeSteps([blocked])])
  })

  it('keeps a step seen on every request even while thousands of one-off texts pass by', () => {
    const clock = manualClock()
    const compactor = new StepTextCompactor([], clock)
    const added: NewStepText[] = []
    let last = ''
    for (let i = 0; i < 20_000; i++) {
      last = compactor.compact(encodeSteps([blocked, issued(`g-${i}`)]), added)
      clock.advance(0.1)
    }
    expect(added.map((t) => t.text)).toEqual([encodeSteps([blocked])])
    expect(last.startsWith('#1;')).toBe(true)
  })

  it('reads a "#" inside a step text as text', () => {
    const step: StepRecord = { name: 'x', outcome: 'passed', detail: '#3; is not a reference' }
    const compactor = new StepTextCompactor([], slowClock())
    const encoded = encodeSteps([step, blocked])
    expect(expandSteps(compactor.compact(encoded, []), () => undefined)).toBe(encoded)
  })

  it('says so when the steps are garbled or a text is missing', () => {
    const compactor = new StepTextCompactor([], slowClock())
    expect(() => compactor.compact('not steps', [])).toThrow(/garbled/)
    expect(() => expandSteps('#9;', () => undefined)).toThrow(/#9 is missing/)
  })
})
