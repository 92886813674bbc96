import * as path from 'path';
import type { Exercise } from '../course/types';

/** Where the reports of one exercise go, relative to the course root. */
export const REPORTS_DIR = 'reports/mutation';
export const reportPaths = (folder: string) => ({
  json: `${REPORTS_DIR}/${folder}.json`,
  html: `${REPORTS_DIR}/${folder}.html`,
});

/**
 * Per-test coverage lets Stryker run only the tests that reach a mutant, but it only sees code
 * that runs in the test's own realm: a mutant reached only inside a worker thread or a child
 * process would be called NoCoverage without any test being run. Those exercises run every test
 * against every mutant ("off"); the others ("perTest") run only the tests that cover it.
 */
const COVERAGE: Record<string, 'off' | 'perTest'> = {
  ex01: 'perTest', // an event loop of generators: all on the main thread
  ex02: 'perTest', // Thread/runThreads run on the main thread; only the tests' scripts are workers
  ex03: 'off', // the Mutex and the counting loops run inside count and lock workers
  ex04: 'off', // the queue is used from producer and consumer workers
  ex05: 'off', // processes.ts is also the script of the forked children (its main guard)
  ex06: 'perTest', // promises on the main thread
  ex07: 'off', // prime-worker.ts runs only as a worker
};

export interface MutateSettings {
  concurrency: number;
  /** Absolute path of the course root (the original, not Stryker's sandbox). */
  graderRoot: string;
  /** What to mutate: the lines students write of the reference files (written-lines.ts). */
  mutate: string[];
  /** How many times the machine is slower than usual (`--time-factor`): Stryker's timeouts too. */
  timeFactor: number;
}

/**
 * Stryker's options for one exercise: mutate the reference solution's own files (not wrong/ or
 * also-correct/; only the lines students write), run the exercise's visible and hidden tests with
 * the mutation jest config.
 */
export function strykerOptions(exercise: Exercise, settings: MutateSettings) {
  const reports = reportPaths(exercise.folder);
  return {
    packageManager: 'npm',
    plugins: ['@stryker-mutator/jest-runner', '@stryker-mutator/typescript-checker'],
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      configFile: 'grader/mutate/jest.mutate.config.ts',
      // Tests reach the solution through `@subject` and through worker scripts given by path:
      // jest's related-test search would miss the latter, so every test of the exercise runs.
      enableFindRelatedTests: false,
    },
    // A mutant that does not type-check is dropped, as a student's code that does not compile is
    // never tested. The check sees what a graded type-check sees (run/type-program.ts): the
    // solution files alone, with Node's types; the whole course would cost minutes per exercise.
    checkers: ['typescript'],
    tsconfigFile: 'grader/mutate/tsconfig.mutate.json',
    mutate: settings.mutate,
    coverageAnalysis: COVERAGE[exercise.id] ?? 'off',
    concurrency: settings.concurrency,
    // A mutant that blocks the main thread (a busy loop, Atomics.wait) only ends when Stryker
    // kills the test runner: allow the slowest run of the suite (the 10 x 1,000,000 tests take
    // seconds each) twice over, plus room for a loaded machine. Timed out counts as killed, so
    // the allowance grows with --time-factor as the tests' own limits do: the suite's time is
    // measured once, in the initial run, and on a machine whose load rose tenfold after it (ex05,
    // load 3 then 30 to 50) mutants that no test kills timed out and were scored as killed.
    timeoutFactor: 2 * settings.timeFactor,
    timeoutMS: 15_000 * settings.timeFactor,
    // Workers load TypeScript the way graded runs do (execArgv is inherited by every worker).
    testRunnerNodeArgs: [
      '--require',
      path.join(settings.graderRoot, 'grader', 'runtime', 'register.js'),
    ],
    // Inside .grader/: already out of git, prettier, tsc and the roots of `npm test`.
    tempDirName: '.grader/stryker-tmp',
    ignorePatterns: ['.grader', 'reports', 'coverage'],
    reporters: ['json', 'html', 'progress'],
    jsonReporter: { fileName: reports.json },
    htmlReporter: { fileName: reports.html },
    thresholds: { high: 90, low: 80, break: null },
    cleanTempDir: true,
  };
}
