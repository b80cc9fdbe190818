// Jest runs TypeScript through SWC (type-checking is `tsc --noEmit`, run first by `npm test`).
// Global setup starts one moto server per worker so test files running in parallel never share state.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  // Records the AWS requests the handlers send; policy-reporter.js proves them allowed after the run.
  setupFilesAfterEnv: ['<rootDir>/test/harness/policy-recorder.ts'],
  reporters: ['default', '<rootDir>/test/harness/policy-reporter.js', '<rootDir>/test/harness/summary-reporter.js'],
  testTimeout: 60000,
};
