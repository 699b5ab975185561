import type { Config } from 'jest';
import base from './jest.config';

// `npm run coverage:campaign`: statement and branch coverage of src/recorder reached by
// the campaign alone (bench/campaign-coverage.bench.ts), no unit test. Not part of `npm test`.
const config: Config = {
  ...base,
  testMatch: ['<rootDir>/bench/campaign-coverage.bench.ts'],
  collectCoverage: true,
  collectCoverageFrom: ['src/recorder/**/*.ts', '!src/recorder/**/*.test.ts'],
  coverageDirectory: 'reports/coverage-campaign',
  coverageReporters: ['text-summary', 'text', 'json-summary'],
  // Thousands of runs per profile, under coverage instrumentation, on a small machine.
  testTimeout: 30 * 60_000,
};

export default config;
