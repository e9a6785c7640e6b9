import { defineConfig } from 'vitest/config';

/**
 * Groups that run one after the other. The 2023 replay (`npm run demo` as a test) drives
 * thousands of requests and events through a whole local cloud; next to the other files on two
 * cores it once took more than its 300 s budget (CI, 2026-11-27), so it runs alone, after
 * everything else. The at-least-once and fault scenarios (each a whole local cloud run twice and
 * compared) follow it, then the 500-registration burst.
 */
const REPLAY = ['test/integration/demo-replay.test.ts'];
/** Whole scenarios run twice (clean, then duplicated/shuffled or under injected faults) and compared. */
const SCENARIOS = ['test/integration/at-least-once.test.ts', 'test/integration/faults.test.ts'];
/** 500 concurrent registrations through one local process: under other load its 10 s handler budget runs out. */
const BURST = ['test/integration/concurrency-registrations.test.ts'];

export default defineConfig({
  test: {
    // One DynamoDB Local for the whole run; each test file uses its own table.
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', ...REPLAY, ...SCENARIOS, ...BURST],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'replay',
          include: REPLAY,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'scenarios',
          include: SCENARIOS,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'burst',
          include: BURST,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
