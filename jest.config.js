// Jest in native ESM mode (the code is ESM and reads import.meta): @swc/jest strips the types and
// keeps the modules as ES modules; node runs with --experimental-vm-modules (see package.json).
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023', experimental: { keepImportAttributes: true } },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** What every project shares. */
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.ts$': swc },
  setupFilesAfterEnv: [
    '<rootDir>/test/setup/timeout.ts',
    '<rootDir>/test/setup/quiet-metrics.ts',
    '<rootDir>/test/setup/quiet-logs.ts',
  ],
};

/** DynamoDB Local for the whole run, one table per test file. */
const withDynamoDb = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

/**
 * Heavy files that run after the others, one at a time (`npm run test:heavy`). The 2023 replay
 * (`npm run demo` as a test) drives thousands of requests and events through a whole local cloud;
 * the at-least-once and fault scenarios run a whole local cloud twice and compare; the burst sends
 * 500 concurrent registrations through one process. Next to other files on two cores they ran
 * past their budgets (CI, 2026-11-27).
 */
export const HEAVY = [
  'test/integration/demo-replay.test.ts',
  'test/integration/at-least-once.test.ts',
  'test/integration/faults.test.ts',
  'test/integration/concurrency-registrations.test.ts',
];
const heavyPattern = HEAVY.map((file) => `<rootDir>/${file}`);

export default {
  // Jest waits for every handle to close before it exits; SDK clients' keep-alive sockets and the
  // local clouds' timers outlive a file in some suites. Once the run is over its results are final,
  // so exit then (each suite still stops what it started in its own afterAll).
  forceExit: true,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...base,
      ...withDynamoDb,
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract/**/*.test.ts'],
    },
    {
      ...base,
      ...withDynamoDb,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...HEAVY],
    },
    { ...base, ...withDynamoDb, displayName: 'heavy', testMatch: heavyPattern },
    {
      ...base,
      ...withDynamoDb,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeout-e2e.ts'],
    },
  ],
};
