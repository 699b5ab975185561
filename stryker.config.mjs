// @ts-check
// Mutation testing of the reference recorder (src/recorder) under the property suite and
// the recorder's own tests: it measures how much of the recorder's behaviour the oracle
// pins down. A surviving mutant is a change to the recorder that no property and no test
// notices. Run with `npm run mutation`; reports land in reports/mutation/ (gitignored).
// Not part of `npm test`: it runs the covering tests once per mutant and takes a while.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  mutate: ['src/recorder/**/*.ts', '!src/recorder/**/*.test.ts'],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // Only the recorder's tests and the property suite, with the seed pinned and a bail
    // that Stryker's jest runner cannot ask jest for; see the file.
    configFile: 'jest.mutation.config.ts',
    enableFindRelatedTests: true,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Each mutant runs only the tests that executed its code in the dry run.
  coverageAnalysis: 'perTest',
  // Stop a mutant's run at its first failing test (jest itself is told by bench/mutation/bail-environment.js).
  disableBail: false,
  // The machine is small and shared; two workers, and a generous absolute timeout margin
  // so that a slow neighbour does not turn a survivor into a timeout.
  concurrency: 2,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 15,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportMutants: true },
  tempDirName: '.stryker-tmp',
  // What the sandbox needs: sources, the suite, its corpus and the configs (node_modules is linked, not copied).
  ignorePatterns: ['reports', 'coverage', '.ci', '.github', '.rollout-sim-tmp', '*.log'],
};

export default config;
