import type { Config } from 'jest';

// tsconfig's isolatedModules makes ts-jest transpile only, which keeps the suite fast;
// type errors are caught by `npm run typecheck`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  // Stryker's sandboxes (.stryker-tmp) hold copies of every test and of package.json.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
  testTimeout: 60_000,
  // jest's default leaves a core for itself: one worker on a two-core CI machine, which runs
  // the suite in band (135 s here); the suite's work is CPU in the workers, so use every core.
  maxWorkers: '100%',
};

export default config;
