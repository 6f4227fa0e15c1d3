import { describe, expect, it } from 'vitest'
import { check, skipped, step, StepLog } from '../../../src/core/oauth/steps'
import { decide, decided } from '../../../src/core/oauth/token/decide'
import { sfErrors } from '../../../src/core/salesforce/oauth-errors'

const context = () => ({ log: new StepLog() })
const refusal = () => sfErrors.invalidRequest('bad request').because('the value was wrong')

describe('check', () => {
  it('records a step that answers at once before it returns, and returns nothing to wait for', () => {
    const ctx = context()
    const returned = check(
      ctx,
      step('a.pass', () => 'all good'),
    )
    expect(returned).toBeUndefined()
    expect(ctx.log.steps).toEqual([{ name: 'a.pass', outcome: 'passed', detail: 'all good' }])

    check(
      ctx,
      step('a.skip', () => skipped('not this time')),
    )
    expect(ctx.log.steps[1]).toEqual({
      name: 'a.skip',
      outcome: 'skipped',
      detail: 'not this time',
    })
  })

  it('records a refusal as the step failing and throws it at once', () => {
    const ctx = context()
    const error = refusal()
    expect(() =>
      check(
        ctx,
        step('a.fail', () => {
          throw error
        }),
      ),
    ).toThrow(error)
    expect(ctx.log.failed()).toEqual({
      name: 'a.fail',
      outcome: 'failed',
      detail: 'the value was wrong',
      error: { error: 'invalid_request', error_description: 'bad request', status: 400 },
    })
  })

  it('lets any other error through without recording a step', () => {
    const ctx = context()
    expect(() =>
      check(
        ctx,
        step('a.bug', () => {
          throw new TypeError('a bug')
        }),
      ),
    ).toThrow(TypeError)
    expect(ctx.log.steps).toEqual([])
  })

  it('waits for a step that waits, and records it when it settles', async () => {
    const ctx = context()
    const pending = check(
      ctx,
      step('a.later', async () => 'settled'),
    )
    expect(pending).toBeInstanceOf(Promise)
    expect(ctx.log.steps).toEqual([])
    await pending
    expect(ctx.log.steps).toEqual([{ name: 'a.later', outcome: 'passed', detail: 'settled' }])

    const error = refusal()
    await expect(
      check(
        ctx,
        step('a.later_fail', async () => {
          throw error
        }),
      ),
    ).rejects.toBe(error)
    expect(ctx.log.failed()?.name).toBe('a.later_fail')
  })
})

describe('decide', () => {
  it('returns a value decided at once, with its step recorded', () => {
    const ctx = context()
    const user = { username: 'ada@example.com' }
    expect(decide(ctx, 'user.lookup', () => decided(user, 'found ada@example.com'))).toBe(user)
    expect(ctx.log.steps).toEqual([
      { name: 'user.lookup', outcome: 'passed', detail: 'found ada@example.com' },
    ])
  })

  it('returns a promise of a value decided later', async () => {
    const ctx = context()
    const decision = decide(ctx, 'tokens.issue', async () => decided(42, 'issued'))
    expect(decision).toBeInstanceOf(Promise)
    await expect(decision).resolves.toBe(42)
    expect(ctx.log.steps).toEqual([{ name: 'tokens.issue', outcome: 'passed', detail: 'issued' }])
  })

  it('records a refusal and throws it, decided at once or later', async () => {
    const ctx = context()
    const error = refusal()
    expect(() =>
      decide(ctx, 'user.lookup', () => {
        throw error
      }),
    ).toThrow(error)
    await expect(
      decide(ctx, 'tokens.issue', async () => {
        throw error
      }),
    ).rejects.toBe(error)
    expect(ctx.log.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual([
      'user.lookup:failed',
      'tokens.issue:failed',
    ])
  })
})
