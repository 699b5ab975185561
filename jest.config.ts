import type { Config } from 'jest';

// ts-jest with isolatedModules keeps the suite fast: type errors are caught by `npm run typecheck`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/properties'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
  },
  testTimeout: 60_000,
};

export default config;
