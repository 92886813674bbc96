import * as fs from 'fs';
import * as path from 'path';
import { CHANNEL_FD, ENV, PlannedTest } from '../jest/channel';
import { graderRoot } from '../paths';
import { underDataLimit } from './data-limit';
import { LIMITS } from './limits';
import { nodeOptions, permissionOptions, testProcessScope } from './permissions';
import { jailed, SandboxStatus } from './sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cacheDir: transpileCacheDir } = require('../runtime/ts-cache') as {
  cacheDir: () => string;
};

// How a test process is started: jest over one test file, its configuration, its environment (the
// channel, the planned tests and their limits, Node's permission model for the whole tree) and the
// sandbox around it. What happens once it runs is jest-attempt.ts's watchdog.

/** What a test process is started with: everything but the run's own limits. */
export interface AttemptSetup {
  /** One test file: each runs in a process of its own, so its setup runs before any student code. */
  testFile: string;
  /** The file's tests to run, each with its id and limit (planTests); the others are skipped. */
  tests: PlannedTest[];
  subjectRoot: string;
  /** The folder of the exercise (manifest, tests): the only course content the job may see. */
  exerciseDir: string;
  /** A private writable folder for this run (jest's cache); removed by the caller. */
  workDir: string;
  sandbox: SandboxStatus;
  /**
   * false: without Node's permission model. Only the grader's own tests of the stack probe ask for
   * it: the probe reads stuck threads through the inspector, which the model refuses, so in graded
   * runs a hang is explained by its general cause (docs/security.md).
   */
  confined?: boolean;
  /** For a process not started ahead: see AttemptLimits' deadStates. */
  deadStates?: readonly string[];
}

export interface TestProcessCommand {
  command: { command: string; args: string[] };
  env: NodeJS.ProcessEnv;
  /** The planned tests' ids (what the channel names them by) to their titles. */
  ids: Map<string, string>;
}

/** The command line and environment of one test process; `held` waits for the grader's go. */
export function testProcessCommand(plan: AttemptSetup, held: boolean): TestProcessCommand {
  const jestBin = require.resolve('jest/bin/jest', { paths: [graderRoot] });
  const register = path.join(graderRoot, 'grader', 'runtime', 'register.js');
  const tsCache = transpileCacheDir();
  // In the sandbox only its private, size-capped /tmp is writable: the jest cache goes there too.
  // Without it, each attempt gets folders of its own: an attempt's graded code can write its jest
  // cache (a poisoned transform of the test file) and its tmp, and the next attempt must not
  // load what it left there.
  const own =
    plan.sandbox.kind === 'bwrap' ? undefined : fs.mkdtempSync(path.join(plan.workDir, 'attempt-'));
  const jestCache = own ? path.join(own, 'jest-cache') : '/tmp/jest-cache';
  const args = [
    '--require',
    register,
    `--max-old-space-size=${LIMITS.testHeapMb}`,
    jestBin,
    '--config',
    JSON.stringify(jestConfig(plan, jestCache)),
    '--runInBand',
    '--ci',
    '--silent',
    '--forceExit',
    '--runTestsByPath',
    plan.testFile,
  ];
  const ids = new Map(plan.tests.map((test) => [test.id, test.title]));
  // The tests' own temporary folder: the only place besides jest's cache they may write.
  const tmp = own ? path.join(own, 'tmp') : '/tmp';
  // Made now: a path is granted only when it exists.
  if (own) for (const dir of [jestCache, tmp]) fs.mkdirSync(dir, { recursive: true });
  const permissions =
    (plan.confined ?? true)
      ? permissionOptions(testProcessScope({ ...plan, graderRoot, tsCache, jestCache, tmp }))
      : [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: process.env.LANG,
    GRADER_SUBJECT_ROOT: plan.subjectRoot,
    GRADER_EXERCISE_DIR: plan.exerciseDir,
    GRADER_TS_CACHE: tsCache,
    GRADER_CHANNEL: String(CHANNEL_FD),
    // Always the plan: a file's tests outside it (not graded now, or decided already) are skipped,
    // never run without a limit. Ids and limits only: hidden titles stay with the grader.
    [ENV.tests]: JSON.stringify(plan.tests.map(({ id, limitMs }) => ({ id, limitMs }))),
    // Children that student code forks or spawns load TypeScript the same way, and every process
    // of the tree, jest's own included, runs under Node's permission model.
    NODE_OPTIONS: nodeOptions(['--require', register, ...permissions]),
    // jest's resolver in plain JavaScript: the model refuses native addons (resolver-binding.js).
    NAPI_RS_NATIVE_LIBRARY_PATH: path.join(graderRoot, 'grader', 'jest', 'resolver-binding.js'),
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
  if (held) env[ENV.hold] = '1';
  else if (plan.deadStates) env[ENV.deadStates] = JSON.stringify(plan.deadStates);
  if (process.env.GRADER_PROCESS_DEPTH) env.GRADER_PROCESS_DEPTH = process.env.GRADER_PROCESS_DEPTH;
  Object.assign(env, { HOME: tmp, TMPDIR: tmp });

  const jailedOrNot =
    plan.sandbox.kind === 'bwrap'
      ? jailed(process.execPath, args, {
          readOnly: [
            path.join(graderRoot, 'node_modules'),
            path.join(graderRoot, 'package.json'),
            path.join(graderRoot, 'tsconfig.json'),
            path.join(graderRoot, 'grader'),
            plan.exerciseDir,
            tsCache,
            // The student's files are compiled already (prewarm): nothing needs to write there.
            plan.subjectRoot,
          ],
          writable: [],
          tmpBytes: LIMITS.tmpBytes,
          cwd: plan.subjectRoot,
        })
      : { command: process.execPath, args };
  // The memory cap the kernel enforces, around the sandbox too (data-limit.ts).
  return { command: underDataLimit(jailedOrNot), env, ids };
}

function jestConfig(plan: AttemptSetup, cacheDirectory: string) {
  // Hooks (beforeEach, afterEach) get the longest limit; tests are ended by the setup (jest/setup.ts).
  const maxTimeout = Math.max(...plan.tests.map((test) => test.limitMs));
  return {
    // Not the course root: the permission model lets the tests read only the folders they need.
    rootDir: plan.exerciseDir,
    roots: [path.dirname(plan.testFile)],
    testEnvironment: 'node',
    // JavaScript too: a .js file graded code wrote and loads is guarded like its .ts files.
    transform: {
      '^.+\\.(ts|js|cjs)$': path.join(graderRoot, 'grader', 'jest', 'transform.js'),
    },
    moduleNameMapper: {
      '^@subject/(.*)$': `${plan.subjectRoot}/$1`,
      '^@course/(.*)$': `${graderRoot}/grader/$1`,
    },
    setupFilesAfterEnv: [path.join(graderRoot, 'grader', 'jest', 'setup.ts')],
    reporters: [path.join(graderRoot, 'grader', 'jest', 'stream-reporter.ts')],
    testTimeout: maxTimeout,
    cacheDirectory,
    watchman: false,
    // jest would look for files with `find`: graded processes may start only Node (child-guard.js).
    haste: { forceNodeFilesystemAPI: true },
  };
}
