import { describe, expect, it } from 'vitest'
import { mayRestoreNormal, type ThreadPolicy } from '../../../src/core/trace/thread-policy'
import { WriterPriority } from '../../../src/core/trace/writer-priority'

/** A WriterPriority on a hand-moved clock, with the policy changes it asked for recorded. */
function harness(results: { idle?: boolean; normal?: boolean } = {}) {
  let now = 0
  const asked: ThreadPolicy[] = []
  const errors: string[] = []
  let tick: (() => void) | null = null
  const priority = new WriterPriority(
    {
      setPolicy: (policy) => {
        asked.push(policy)
        return Promise.resolve(results[policy] ?? true)
      },
      now: () => now,
      onError: (message) => errors.push(message),
      setInterval: (fn) => {
        tick = fn
        return {}
      },
      clearInterval: () => {
        tick = null
      },
    },
    { busyBatch: 16, lagMs: 100, cooldownMs: 2000, quietMs: 1000, checkMs: 50 },
  )
  return {
    priority,
    asked,
    errors,
    advance: async (ms: number) => {
      now += ms
      tick?.()
      // Let a policy change (a resolved promise) land.
      await Promise.resolve()
      await Promise.resolve()
    },
    settle: async () => {
      await Promise.resolve()
      await Promise.resolve()
    },
    timerRunning: () => tick !== null,
  }
}

describe('the writer thread under load', () => {
  it('stays normal for small batches: a person clicking never makes it wait', async () => {
    const h = harness()
    for (let seq = 1; seq <= 50; seq++) {
      h.priority.sent(seq, 3)
      h.priority.answered(seq)
      await h.advance(20)
    }
    expect(h.asked).toEqual([])
    expect(h.priority.current()).toBe('normal')
  })

  it('is made idle by a large batch, and normal again once the load is over', async () => {
    const h = harness()
    h.priority.sent(1, 40)
    await h.settle()
    expect(h.asked).toEqual(['idle'])
    expect(h.priority.current()).toBe('idle')
    h.priority.answered(1)
    // Load goes on: large batches, answered in time.
    for (let seq = 2; seq < 20; seq++) {
      await h.advance(10)
      h.priority.sent(seq, 40)
      h.priority.answered(seq)
    }
    expect(h.asked).toEqual(['idle'])
    // Then only small batches for longer than quietMs.
    for (let seq = 20; seq < 45; seq++) {
      await h.advance(50)
      h.priority.sent(seq, 1)
      h.priority.answered(seq)
    }
    expect(h.asked).toEqual(['idle', 'normal'])
    expect(h.priority.current()).toBe('normal')
    expect(h.timerRunning()).toBe(false)
  })

  it('gets its normal share back at once when a write goes unanswered, and keeps it a while', async () => {
    const h = harness()
    h.priority.sent(1, 40)
    await h.settle()
    h.priority.sent(2, 40)
    // Nothing answered: another process keeps the cores busy.
    await h.advance(60)
    expect(h.asked).toEqual(['idle'])
    await h.advance(60)
    expect(h.asked).toEqual(['idle', 'normal'])
    h.priority.answered(1)
    h.priority.answered(2)
    // Within the cooldown, load does not make it idle again …
    await h.advance(1000)
    h.priority.sent(3, 40)
    await h.settle()
    expect(h.asked).toEqual(['idle', 'normal'])
    // … after it, it does.
    await h.advance(1100)
    h.priority.sent(4, 40)
    await h.settle()
    expect(h.asked).toEqual(['idle', 'normal', 'idle'])
  })

  it('stops trying when the thread cannot be made idle (no chrt, not allowed)', async () => {
    const h = harness({ idle: false })
    h.priority.sent(1, 40)
    await h.settle()
    h.priority.sent(2, 40)
    await h.settle()
    expect(h.asked).toEqual(['idle'])
    expect(h.priority.current()).toBe('off')
    expect(h.errors).toEqual([])
  })

  it('says so when an idle thread cannot be made normal again', async () => {
    const h = harness({ normal: false })
    h.priority.sent(1, 40)
    await h.settle()
    await h.advance(1100)
    expect(h.asked).toEqual(['idle', 'normal'])
    expect(h.errors).toEqual(['the writer thread could not be given its normal priority back'])
    expect(h.priority.current()).toBe('off')
  })

  it('makes an idle thread normal when it stops deciding (the writer is closing)', async () => {
    const h = harness()
    h.priority.sent(1, 40)
    await h.settle()
    await h.priority.stop()
    expect(h.asked).toEqual(['idle', 'normal'])
    expect(h.timerRunning()).toBe(false)
    h.priority.sent(2, 40)
    await h.settle()
    expect(h.asked).toEqual(['idle', 'normal'])
  })
})

describe('whether this process may make an idle thread normal again', () => {
  const limits = (soft: string) =>
    `Limit                     Soft Limit           Hard Limit           Units\n` +
    `Max nice priority         ${soft}                    ${soft}                    \n`

  it('may with CAP_SYS_NICE (root, or granted)', () => {
    expect(mayRestoreNormal('Name:\tnode\nCapEff:\t000001fffeffffff\n', limits('0'))).toBe(true)
    expect(mayRestoreNormal('CapEff:\t0000000000800000\n', limits('0'))).toBe(true)
  })

  it('may when RLIMIT_NICE allows nice 0', () => {
    expect(mayRestoreNormal('CapEff:\t0000000000000000\n', limits('20'))).toBe(true)
    expect(mayRestoreNormal('CapEff:\t0000000000000000\n', limits('unlimited'))).toBe(true)
  })

  it('may not as an ordinary user with the usual limits', () => {
    expect(mayRestoreNormal('CapEff:\t0000000000000000\n', limits('0'))).toBe(false)
    expect(mayRestoreNormal('CapEff:\t0000000000000000\n', limits('19'))).toBe(false)
    expect(mayRestoreNormal('', '')).toBe(false)
  })
})
