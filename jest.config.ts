/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// The course's own tests (`npm test`): the grader's units, the CLI, and the proof that every
// exercise's tests separate right from wrong code. Exercise tests themselves are not run from
// here: the grader runs them against a chosen subject (see grader/run/jest-attempt.ts).
// A check run by these tests type-checks with a checker of its own, as grading does, instead of
// leaving the shared one of a student's checks running after the tests (run/shared-typecheck.ts).
process.env.GRADER_SHARED_TYPECHECK ??= '0';

const config: Config = {
  rootDir: __dirname,
  roots: ['<rootDir>/grader'],
  testMatch: ['**/*.test.ts'],
  // Fixture courses hold exercise tests that only the grader runs, against a chosen subject.
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@course/(.*)$': '<rootDir>/grader/$1' },
  testTimeout: 60_000,
  // Most files use one core or wait, and share the two cores. The few that keep both busy by
  // themselves (a class or the whole course graded) are marked `@runAlone` and run afterwards, one
  // at a time (grader/test/alone-last-runner.js).
  maxWorkers: 2,
  runner: '<rootDir>/grader/test/alone-last-runner.js',
  // test.concurrent (course-proof's starters and known-wrong solutions) runs four at a time: many
  // of them wait (a deadlock being declared), and with three the cores idled a tenth of the time.
  maxConcurrency: 4,
  cacheDirectory: '<rootDir>/.grader/jest-cache-self',
};

export default config;
