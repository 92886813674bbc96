import * as fs from 'fs';
import * as path from 'path';
import type { Readable, Writable } from 'stream';
import { CHANNEL_FD, ENV, JestEvent, StuckReport, testId } from '../jest/channel';
import { graderRoot } from '../paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cacheDir: transpileCacheDir } = require('../runtime/ts-cache') as {
  cacheDir: () => string;
};
import { ChannelReader, MAX_KEPT_BYTES } from './channel-reader';
import { LIMITS } from './limits';
import { startTree } from './process-tree';
import { nodeOptions, permissionOptions, testProcessScope } from './permissions';
import { jailed, SandboxStatus } from './sandbox';
import { TreeUsage, treeUsage } from './tree-usage';

/** What a test process is started with: everything but the run's own limits. */
export interface AttemptSetup {
  /** One test file: each runs in a process of its own, so its setup runs before any student code. */
  testFile: string;
  /** Titles of the file's tests to run (the others are declared skipped). */
  run: string[];
  /** Per test title: its time limit in ms, for every test of the file the grader knows. */
  timeouts: Map<string, number>;
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
}

/** What a run is held to once it goes. */
export interface AttemptLimits {
  /** How long jest may take to start and load a test file before it is called stuck. */
  loadLimitMs: number;
  /** How much CPU time the process tree may use to start and load a test file (a busy loop). */
  loadCpuMs: number;
  /** Kills the tree when aborted (the caller is stopping, e.g. Ctrl-C during a batch). */
  signal?: AbortSignal;
  /** Told once if the run looks stuck: a batch then starts its next job beside this one. */
  stall?: StallWatch;
}

/**
 * What counts as stuck, and whom to tell: loading for `afterMs`, or in a test for `afterMs`
 * without using the CPU (waiting on a lock, a worker or a promise that never comes). Telling
 * changes no limit and no verdict.
 */
export interface StallWatch {
  afterMs: number;
  notify: (cause: StallCause) => void;
}

export type StallCause = { kind: 'loading' } | { kind: 'waiting'; test: string };

export type AttemptPlan = AttemptSetup & AttemptLimits;

/** A test process started ahead (held) or now, waiting to be run once. */
export interface StartedAttempt {
  /** Lets the process load the test file (and so the student's code) and runs it to its end. */
  go(limits: AttemptLimits): Promise<Attempt>;
  /** Kills a process that will never go. */
  discard(): void;
  /** Whether the process already ended (a held one that died while waiting is no use). */
  ended(): boolean;
}

export type Stop =
  | { kind: 'finished' }
  | { kind: 'test-timeout'; test: string; limitMs: number }
  /**
   * Loading went on past its wall-time limit, or used up its CPU time (`measure`), with what the
   * tree held then: filling memory is busy work too.
   */
  | { kind: 'load-timeout'; limitMs: number; measure: 'wall' | 'cpu'; rssBytes?: number }
  | { kind: 'crashed'; code: number | null; signal: string | null }
  | { kind: 'resource'; what: 'memory' | 'processes' | 'channel'; detail: string };

export interface Attempt {
  /** What jest's reporter said: explanations, never points. */
  events: JestEvent[];
  /** Titles of the tests whose own function completed and handed back its pass token. */
  passed: Set<string>;
  /** Lines on the channel that neither the setup nor the reporter wrote. */
  tampering: string[];
  /** Per test title: where its threads were when it passed its time limit (jest/stack-probe.ts). */
  stuck: Map<string, StuckReport>;
  stop: Stop;
  /** The test that had started and not finished when the attempt ended. */
  running?: string;
  output: string;
}

// Time granted beyond a test's own limit before the watchdog kills: jest's own timeout fires first
// when it can, and only a blocked main thread (a busy loop, Atomics.wait) needs the kill.
const POLL_MS = 100;
/**
 * After jest reported its run done, how long the process has to exit: jest exits at once
 * (--forceExit), so one still alive has had its exit stopped (process.exit patched, a live timer)
 * and is killed. The verdicts are in already.
 */
export const EXIT_AFTER_DONE_MS = 800;

/**
 * One run of jest over one test file, in its own process group (and sandbox, when there is one)
 * under a watchdog. The channel (jest/channel.ts) is read as it comes, so the watchdog knows which
 * test is running and since when, and what the tree uses.
 */
export function runJestAttempt(plan: AttemptPlan): Promise<Attempt> {
  return startJestAttempt(plan, false).go(plan);
}

/**
 * Starts jest over one test file. A held process loads node, jest and the test setup, then waits
 * on its channel for one byte before it loads the test file: a watch keeps one ready per test
 * file, so a re-run after a save pays for none of that start-up. Limits start when it goes.
 */
export function startJestAttempt(plan: AttemptSetup, held: boolean): StartedAttempt {
  const jestBin = require.resolve('jest/bin/jest', { paths: [graderRoot] });
  const register = path.join(graderRoot, 'grader', 'runtime', 'register.js');
  const tsCache = transpileCacheDir();
  // In the sandbox only its private, size-capped /tmp is writable: the jest cache goes there too.
  const jestCache =
    plan.sandbox.kind === 'bwrap' ? '/tmp/jest-cache' : path.join(plan.workDir, 'jest-cache');
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
  const ids = new Map([...plan.timeouts.keys()].map((title) => [testId(title), title]));
  // The tests' own temporary folder: the only place besides jest's cache they may write.
  const tmp = plan.sandbox.kind === 'bwrap' ? '/tmp' : path.join(plan.workDir, 'tmp');
  // Made now: a path is granted only when it exists.
  if (plan.sandbox.kind !== 'bwrap')
    for (const dir of [jestCache, tmp]) fs.mkdirSync(dir, { recursive: true });
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
    [ENV.limits]: JSON.stringify(
      Object.fromEntries([...plan.timeouts].map(([title, ms]) => [testId(title), ms])),
    ),
    // Always the run list: a file's tests outside it (not graded now, or decided already) are
    // skipped, never run without a limit.
    [ENV.only]: plan.run.map((title) => testId(title)).join(','),
    // Children that student code forks or spawns load TypeScript the same way, and every process
    // of the tree, jest's own included, runs under Node's permission model.
    NODE_OPTIONS: nodeOptions(['--require', register, ...permissions]),
    // jest's resolver in plain JavaScript: the model refuses native addons (resolver-binding.js).
    NAPI_RS_NATIVE_LIBRARY_PATH: path.join(graderRoot, 'grader', 'jest', 'resolver-binding.js'),
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
  if (held) env[ENV.hold] = '1';
  if (process.env.GRADER_PROCESS_DEPTH) env.GRADER_PROCESS_DEPTH = process.env.GRADER_PROCESS_DEPTH;
  Object.assign(env, { HOME: tmp, TMPDIR: tmp });

  const command =
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
  const tree = startTree(command.command, command.args, {
    cwd: plan.subjectRoot,
    env,
    channel: true,
  });

  let ended = false;
  void tree.exited.then(() => (ended = true));
  let gone = false;
  return {
    ended: () => ended,
    discard: () => {
      if (!gone) tree.killTree();
    },
    go: (limits) => {
      if (gone) throw new Error('a test process runs once');
      gone = true;
      if (held) (tree.child.stdio[CHANNEL_FD] as Writable | null)?.write(GO);
      return watchAttempt(plan, limits, tree, ids);
    },
  };
}

/** One byte on the channel lets a held test process go on (jest/setup.ts). */
const GO = Buffer.from([1]);

async function watchAttempt(
  plan: AttemptSetup,
  limits: AttemptLimits,
  tree: ReturnType<typeof startTree>,
  ids: Map<string, string>,
): Promise<Attempt> {
  const abort = () => tree.killTree();
  limits.signal?.addEventListener('abort', abort, { once: true });
  if (limits.signal?.aborted) abort();

  let running: { name: string; since: number } | undefined;
  let lastActivity = Date.now();
  let doneAt: number | undefined;
  /** The tree's CPU time at the first sample since the channel last spoke. */
  let cpuAtActivity: number | undefined;
  const reader = new ChannelReader(new Set(ids.keys()), (event) => {
    lastActivity = Date.now();
    cpuAtActivity = undefined;
    if (event.type === 'start') running = { name: event.name, since: Date.now() };
    if (event.type === 'result' && running?.name === event.name) running = undefined;
    if (event.type === 'done') doneAt = Date.now();
  });
  (tree.child.stdio[CHANNEL_FD] as Readable | null)
    ?.on('data', (chunk: Buffer) => reader.push(chunk))
    // A process that dies with bytes unread resets the socket: its end, not the grader's.
    .on('error', () => undefined);

  // Belt and braces: however the run behaves, it cannot outlast every limit added together.
  const overallLimitMs =
    plan.run.reduce((sum, name) => sum + (plan.timeouts.get(name) ?? 0) + LIMITS.killGraceMs, 0) +
    limits.loadLimitMs * 2;
  const deadline = Date.now() + overallLimitMs;

  let stop: Stop | undefined;
  let stalled = false;
  let lastSample = 0;
  let lastCpuMs = 0;
  /** When the tree last used the CPU: a test waiting without using it is likely deadlocked. */
  let busyAt = Date.now();
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (running) {
      const limit = plan.timeouts.get(running.name) ?? 0;
      if (now - running.since > limit + LIMITS.killGraceMs)
        stop = { kind: 'test-timeout', test: running.name, limitMs: limit };
    } else if (now - lastActivity > limits.loadLimitMs) {
      stop = { kind: 'load-timeout', limitMs: limits.loadLimitMs, measure: 'wall' };
    }
    if (!stop && now > deadline) {
      stop = running
        ? {
            kind: 'test-timeout',
            test: running.name,
            limitMs: plan.timeouts.get(running.name) ?? 0,
          }
        : { kind: 'load-timeout', limitMs: limits.loadLimitMs, measure: 'wall' };
    }
    // A flood past what the reader keeps is tampering already (the job scores 0): reading the
    // rest would only cost the grader its CPU.
    if (!stop && reader.full)
      stop = {
        kind: 'resource',
        what: 'channel',
        detail: `the test process wrote more to the results channel than the ${MAX_KEPT_BYTES / (1024 * 1024)} MiB a run may`,
      };
    if (!stop && now - lastSample >= LIMITS.sampleEveryMs && tree.child.pid !== undefined) {
      lastSample = now;
      const usage = treeUsage(tree.child.pid);
      if (usage) {
        stop = overLimits(usage);
        cpuAtActivity ??= usage.cpuMs;
        if (!stop && !running && usage.cpuMs - cpuAtActivity > limits.loadCpuMs)
          stop = {
            kind: 'load-timeout',
            limitMs: limits.loadCpuMs,
            measure: 'cpu',
            rssBytes: usage.rssBytes,
          };
        if (Math.abs(usage.cpuMs - lastCpuMs) > LIMITS.idleCpuMs) busyAt = now;
        lastCpuMs = usage.cpuMs;
      }
    }
    const stuckFor = running ? now - Math.max(running.since, busyAt) : now - lastActivity;
    if (!stop && !stalled && limits.stall && stuckFor > limits.stall.afterMs) {
      stalled = true;
      limits.stall.notify(running ? { kind: 'waiting', test: running.name } : { kind: 'loading' });
    }
    if (stop || (doneAt !== undefined && now - doneAt > EXIT_AFTER_DONE_MS)) tree.killTree();
  }, POLL_MS);

  const exit = await tree.exited;
  clearInterval(watchdog);
  limits.signal?.removeEventListener('abort', abort);
  // Whatever jest left behind (a student's forked child, a stuck worker) goes with the group.
  tree.killTree();
  reader.end();
  const finished = reader.events.some((event) => event.type === 'done');
  return {
    events: reader.events,
    passed: new Set([...reader.passed].map((id) => ids.get(id)!)),
    tampering: reader.tampering,
    stuck: new Map([...reader.stuck].map(([id, report]) => [ids.get(id)!, report])),
    stop:
      stop ??
      (finished ? { kind: 'finished' } : { kind: 'crashed', code: exit.code, signal: exit.signal }),
    running: running?.name,
    output: tree.outputTail(),
  };
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function overLimits(usage: TreeUsage): Stop | undefined {
  if (usage.rssBytes > LIMITS.jobMemoryBytes)
    return {
      kind: 'resource',
      what: 'memory',
      detail: `the test processes used ${megabytes(usage.rssBytes)} of memory, more than the ${megabytes(LIMITS.jobMemoryBytes)} a job may use`,
    };
  if (usage.processes > LIMITS.jobProcesses || usage.threads > LIMITS.jobThreads)
    return {
      kind: 'resource',
      what: 'processes',
      detail: `the test started ${usage.processes} processes and ${usage.threads} threads at once, more than a job may (${LIMITS.jobProcesses} processes, ${LIMITS.jobThreads} threads)`,
    };
  return undefined;
}

function jestConfig(plan: AttemptSetup, cacheDirectory: string) {
  const maxTimeout = Math.max(...plan.timeouts.values());
  return {
    // Not the course root: the permission model lets the tests read only the folders they need.
    rootDir: plan.exerciseDir,
    roots: [path.dirname(plan.testFile)],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': path.join(graderRoot, 'grader', 'jest', 'transform.js') },
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
