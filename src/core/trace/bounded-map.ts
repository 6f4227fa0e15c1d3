/**
 * A Map that forgets its oldest entries, so the recorder's in-memory indexes stay bounded
 * however long the engine runs. What it forgets is found again in SQLite.
 *
 * Two generations: entries go into the young map; when it holds half the limit, it becomes
 * the old map and the previous old one is dropped whole. So it keeps the latest `limit / 2`
 * to `limit` entries, and every operation is O(1). (Evicting one oldest entry per insert from
 * a single Map looked O(1) but is not: V8 leaves deleted entries as holes at the front of its
 * table until the next rehash, and finding the first live key walks over them — measured at
 * tens of microseconds an insert with 50,000 keys.)
 */
export class BoundedMap<K, V> {
  private young = new Map<K, V>()
  private old = new Map<K, V>()
  private readonly generation: number

  constructor(limit: number) {
    this.generation = Math.max(1, Math.ceil(limit / 2))
  }

  get(key: K): V | undefined {
    const value = this.young.get(key)
    return value !== undefined ? value : this.old.get(key)
  }

  set(key: K, value: V): void {
    this.young.set(key, value)
    if (this.young.size >= this.generation) {
      this.old = this.young
      this.young = new Map()
    }
  }

  /**
   * Keeps `key` among the latest entries: when only the old generation holds it, it is set
   * again (under `stored(key)`, the key to hold on to) so it outlives the next turnover.
   */
  renew(key: K, value: V, stored: (key: K) => K): void {
    if (this.young.has(key)) return
    this.set(stored(key), value)
  }

  delete(key: K): void {
    this.young.delete(key)
    this.old.delete(key)
  }

  clear(): void {
    this.young.clear()
    this.old.clear()
  }

  /** Every live value once (a key set again since it aged is seen with its latest value). */
  *values(): IterableIterator<V> {
    yield* this.young.values()
    for (const [key, value] of this.old) {
      if (!this.young.has(key)) yield value
    }
  }
}
