import { defineConfig } from 'vitest/config'

// Browser end-to-end tests: playwright-core drives Debian's Chromium against a real
// `gatehouse serve` process built from `out/`. Run after `npm run build`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
