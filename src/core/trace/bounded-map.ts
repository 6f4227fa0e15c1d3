/**
 * A Map that forgets its oldest entries beyond `limit`, so the recorder's in-memory indexes
 * stay bounded however long the engine runs. What it forgets is found again in SQLite.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>()

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key)
  }

  set(key: K, value: V): void {
    // Re-inserting moves the key to the young end.
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next()
      if (!oldest.done) this.map.delete(oldest.value)
    }
  }

  delete(key: K): void {
    this.map.delete(key)
  }

  clear(): void {
    this.map.clear()
  }

  values(): IterableIterator<V> {
    return this.map.values()
  }

  get size(): number {
    return this.map.size
  }
}
