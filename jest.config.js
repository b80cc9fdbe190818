// Jest runs TypeScript through SWC (type-checking is `tsc --noEmit`, run first by `npm test`).
// Two projects: `unit` needs nothing but Node (and python3's standard library), `integration`
// talks to moto (one server per worker, started by its global setup) or runs the Python tools.
//   npm run test:unit          jest --selectProjects unit          (no emulator: seconds)
//   npm run test:integration   jest --selectProjects integration
//   npm test                   typecheck, lint, then both projects
// Both record the AWS requests the handlers send; policy-reporter.js proves them allowed after the run.

const INTEGRATION_ELSEWHERE = require('./test/harness/integration-files');

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // Records the AWS requests the handlers send; policy-reporter.js proves them allowed after the run.
  setupFilesAfterEnv: ['<rootDir>/test/harness/policy-recorder.ts'],
};

const escape = (file) => file.replace(/[.]/g, '\\.');

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/', ...INTEGRATION_ELSEWHERE.map((file) => `<rootDir>/${escape(file)}$`)],
      globalSetup: '<rootDir>/test/harness/policy-records-setup.ts',
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', ...INTEGRATION_ELSEWHERE.map((file) => `<rootDir>/${file}`)],
      // One moto server per worker so test files running in parallel never share state.
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
  reporters: ['default', '<rootDir>/test/harness/policy-reporter.js', '<rootDir>/test/harness/summary-reporter.js'],
  testTimeout: 60000,
};
