import { defineConfig } from 'vitest/config';

// Store and Slack tests open real databases and loopback servers; keep the pool small on 2 cores.
const shared = { pool: 'forks' as const, testTimeout: 20_000 };

/**
 * Two projects: every test on SQLite (the default database), and the store and end-to-end suites
 * again on PostgreSQL, started by the tests themselves (tests/helpers/pgGlobalSetup.ts).
 */
export const POSTGRES_SUITES = [
  'tests/store/**/*.test.ts',
  'tests/services/**/*.test.ts',
  'tests/okrs/import.test.ts',
  'tests/slack/**/*.e2e.test.ts',
  'tests/scheduler/**/*.e2e.test.ts',
  'tests/mcp/http.e2e.test.ts',
  'tests/sources/readers.test.ts',
  'tests/sources/values.e2e.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', './tests/summaryReporter.ts'],
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['tests/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'postgres',
          include: POSTGRES_SUITES,
          // Suites whose SQL the others already run on PostgreSQL (time: npm test stays under 10 minutes).
          exclude: [
            'tests/store/pgSchema.test.ts',
            'tests/store/migrations.test.ts',
            'tests/scheduler/cadence.e2e.test.ts',
            'tests/scheduler/monthlyNote.e2e.test.ts',
          ],
          env: { OKRBOT_TEST_DATABASE: 'postgres' },
          globalSetup: ['tests/helpers/pgGlobalSetup.ts'],
          setupFiles: ['tests/helpers/pgSkip.ts'],
        },
      },
    ],
  },
});
