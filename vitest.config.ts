import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Store and Slack tests open real SQLite files and loopback servers; keep the pool small on 2 cores.
    pool: 'forks',
    testTimeout: 20_000,
    reporters: ['default', './tests/summaryReporter.ts'],
  },
});
