import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// The launcher's own module (CommonJS, bin/package.json), as the `gatehouse` command loads it.
const { threadpoolSize } = createRequire(import.meta.url)('../../../bin/threadpool.cjs') as {
  threadpoolSize(env: Record<string, string | undefined>, cores: number): number | null
}

describe("the size of libuv's threadpool the gatehouse command asks for", () => {
  it('is one thread per core, at least 2 and at most libuv’s own 4', () => {
    expect(threadpoolSize({}, 1)).toBe(2)
    expect(threadpoolSize({}, 2)).toBe(2)
    expect(threadpoolSize({}, 3)).toBe(3)
    expect(threadpoolSize({}, 4)).toBe(4)
    expect(threadpoolSize({}, 64)).toBe(4)
  })

  it('leaves a size the user chose alone', () => {
    expect(threadpoolSize({ UV_THREADPOOL_SIZE: '16' }, 2)).toBeNull()
    expect(threadpoolSize({ UV_THREADPOOL_SIZE: '1' }, 8)).toBeNull()
  })

  it('treats an empty setting as none', () => {
    expect(threadpoolSize({ UV_THREADPOOL_SIZE: '' }, 2)).toBe(2)
  })
})
