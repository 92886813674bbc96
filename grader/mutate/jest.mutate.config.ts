/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';
import * as path from 'path';

// The jest config of mutation runs (grader/mutate/stryker-options.ts names it). Stryker loads it in
// each of its test-runner processes, inside the sandbox copy of the course, so every path here is
// derived from this file's own folder: the `@subject` alias points at the sandbox's solutions/,
// where Stryker put the mutated (instrumented) reference solution.
//
// It differs from a graded run (run/jest-attempt.ts) only where Stryker needs it to: jest runs in
// Stryker's process (no watchdog, no file descriptor 3, no pass tokens), with a setup file of its
// own (mutate/setup.ts) that keeps the per-test time limits and the cleanup after each test.

const root = path.resolve(__dirname, '..', '..');
const folder = process.env.GRADER_MUTATE_EXERCISE;
if (!folder)
  throw new Error('GRADER_MUTATE_EXERCISE is not set: run mutation tests with npm run mutate');
const exerciseDir = path.join(root, 'exercises', folder);
const register = path.join(root, 'grader', 'runtime', 'register.js');

// Read by the transform (what is graded code), by register.js in workers and children (where
// `@subject` points) and by children that load TypeScript: all of them are started from this
// process, so its environment is theirs. A graded run sets the same variables (jest-attempt.ts).
process.env.GRADER_SUBJECT_ROOT = path.join(root, 'solutions');
process.env.GRADER_EXERCISE_DIR = exerciseDir;
if (!(process.env.NODE_OPTIONS ?? '').includes(register))
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require "${register}"`.trim();

const config: Config = {
  rootDir: root,
  roots: [path.join(exerciseDir, 'tests'), path.join(exerciseDir, 'hidden')],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': path.join(root, 'grader', 'jest', 'transform.js') },
  moduleNameMapper: {
    '^@subject/(.*)$': `${root}/solutions/$1`,
    '^@course/(.*)$': `${root}/grader/$1`,
  },
  setupFilesAfterEnv: [path.join(root, 'grader', 'mutate', 'setup.ts')],
  // The longest per-test limit of the exercise (setup.ts gives each test its own).
  testTimeout: Number(process.env.GRADER_MUTATE_MAX_TIMEOUT_MS ?? 30_000),
  cacheDirectory: path.join(root, '.grader', 'jest-cache-mutate'),
  watchman: false,
};

export default config;
