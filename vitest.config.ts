import { defineConfig } from 'vitest/config'

// Unit and integration tests: plain Node, no browser. The e2e suite has its own config.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
