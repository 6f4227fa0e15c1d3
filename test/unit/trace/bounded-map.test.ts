import { describe, expect, it } from 'vitest'
import { BoundedMap } from '../../../src/core/trace/bounded-map'

describe('the recorder’s bounded maps', () => {
  it('keep the latest entries and forget the oldest past the limit', () => {
    const map = new BoundedMap<string, number>(100)
    for (let i = 0; i < 1_000; i++) map.set(`k${i}`, i)
    // The latest half of the limit is always kept …
    for (let i = 950; i < 1_000; i++) expect(map.get(`k${i}`)).toBe(i)
    // … and nothing beyond the limit survives.
    const kept = Array.from({ length: 1_000 }, (_, i) => map.get(`k${i}`)).filter(
      (v) => v !== undefined,
    )
    expect(kept.length).toBeLessThanOrEqual(100)
    expect(map.get('k0')).toBeUndefined()
  })

  it('give the latest value of a key set again, and list each live value once', () => {
    const map = new BoundedMap<string, string>(4)
    map.set('a', 'old')
    map.set('b', 'b')
    map.set('a', 'new')
    expect(map.get('a')).toBe('new')
    expect([...map.values()].sort()).toEqual(['b', 'new'])
    map.delete('a')
    expect(map.get('a')).toBeUndefined()
    expect([...map.values()]).toEqual(['b'])
    map.clear()
    expect([...map.values()]).toEqual([])
  })

  it('keep a renewed key through the turnovers that forget keys set as long ago', () => {
    const map = new BoundedMap<string, number>(10)
    map.set('steady', 1)
    map.set('other', 2)
    const stored: string[] = []
    for (let i = 0; i < 100; i++) {
      map.set(`once${i}`, i)
      map.renew('steady', 1, (key) => {
        stored.push(key)
        return key
      })
    }
    expect(map.get('steady')).toBe(1)
    expect(map.get('other')).toBeUndefined()
    // Set again only when the young generation did not hold it: once per turnover.
    expect(stored.length).toBeGreaterThan(0)
    expect(stored.length).toBeLessThan(100)
  })
})
