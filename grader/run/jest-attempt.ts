import * as fs from 'fs';
import * as path from 'path';
import type { RunEvent } from '../jest/events';
import { courseRoot } from '../paths';
import { startTree } from './process-tree';

export interface AttemptPlan {
  testFiles: string[];
  /** Full names to run; all tests of the files when undefined. */
  only?: string[];
  /** Per test: its time limit in ms. */
  timeouts: Map<string, number>;
  subjectRoot: string;
  workDir: string;
  /** How long jest may take to start and load a test file before it is called stuck. */
  loadLimitMs: number;
  /** Kills the tree when aborted (the caller is stopping, e.g. Ctrl-C during a batch). */
  signal?: AbortSignal;
}

export type Stop =
  | { kind: 'finished' }
  | { kind: 'test-timeout'; test: string; limitMs: number }
  | { kind: 'load-timeout'; limitMs: number }
  | { kind: 'crashed'; code: number | null; signal: string | null };

export interface Attempt {
  events: RunEvent[];
  stop: Stop;
  /** The test that had started and not finished when the attempt ended. */
  running?: string;
  output: string;
}

// Time granted beyond a test's own limit before the watchdog kills: jest's own timeout fires first
// when it can, and only a blocked main thread (a busy loop, Atomics.wait) needs the kill.
const KILL_GRACE_MS = 3000;
const POLL_MS = 100;

/**
 * One run of jest in its own process group under a watchdog. Events stream from the reporter to a
 * file and are read as they come, so the watchdog knows which test is running and since when.
 */
export async function runJestAttempt(plan: AttemptPlan, attemptNumber: number): Promise<Attempt> {
  const eventsFile = path.join(plan.workDir, `events-${attemptNumber}.jsonl`);
  fs.writeFileSync(eventsFile, '');
  const jestBin = require.resolve('jest/bin/jest', { paths: [courseRoot] });
  const register = path.join(courseRoot, 'grader', 'runtime', 'register.js');
  const config = jestConfig(plan, eventsFile);
  const args = [
    '--require',
    register,
    '--max-old-space-size=1024',
    jestBin,
    '--config',
    JSON.stringify(config),
    '--runInBand',
    '--ci',
    '--silent',
    '--forceExit',
    '--runTestsByPath',
    ...plan.testFiles,
  ];
  if (plan.only) args.push('--testNamePattern', `^(?:${plan.only.map(escapeRegExp).join('|')})$`);

  const tree = startTree(process.execPath, args, {
    cwd: courseRoot,
    env: {
      ...process.env,
      GRADER_SUBJECT_ROOT: plan.subjectRoot,
      GRADER_TS_CACHE: process.env.GRADER_TS_CACHE ?? path.join(courseRoot, '.grader', 'ts-cache'),
      // Children that student code forks or spawns load TypeScript the same way.
      NODE_OPTIONS: `--require "${register}"`,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    },
  });

  const abort = () => tree.killTree();
  plan.signal?.addEventListener('abort', abort, { once: true });
  if (plan.signal?.aborted) abort();

  const events: RunEvent[] = [];
  let consumed = 0;
  let running: { name: string; since: number } | undefined;
  let lastActivity = Date.now();
  const readNewEvents = () => {
    const text = fs.readFileSync(eventsFile, 'utf8');
    const complete = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(consumed, complete).split('\n')) {
      if (!line) continue;
      const event = JSON.parse(line) as RunEvent;
      events.push(event);
      lastActivity = Date.now();
      if (event.type === 'start') running = { name: event.name, since: Date.now() };
      if (event.type === 'result' && running?.name === event.name) running = undefined;
    }
    consumed = complete;
  };

  // Belt and braces: however the run behaves, it cannot outlast every limit added together.
  const planned = plan.only ?? [...plan.timeouts.keys()];
  const overallLimitMs =
    planned.reduce((sum, name) => sum + (plan.timeouts.get(name) ?? 0) + KILL_GRACE_MS, 0) +
    plan.loadLimitMs * (plan.testFiles.length + 1);
  const deadline = Date.now() + overallLimitMs;

  let stop: Stop | undefined;
  const watchdog = setInterval(() => {
    readNewEvents();
    const now = Date.now();
    if (running) {
      const limit = plan.timeouts.get(running.name) ?? 0;
      if (now - running.since > limit + KILL_GRACE_MS)
        stop = { kind: 'test-timeout', test: running.name, limitMs: limit };
    } else if (now - lastActivity > plan.loadLimitMs) {
      stop = { kind: 'load-timeout', limitMs: plan.loadLimitMs };
    }
    if (!stop && now > deadline) {
      stop = running
        ? {
            kind: 'test-timeout',
            test: running.name,
            limitMs: plan.timeouts.get(running.name) ?? 0,
          }
        : { kind: 'load-timeout', limitMs: plan.loadLimitMs };
    }
    if (stop) tree.killTree();
  }, POLL_MS);

  const exit = await tree.exited;
  clearInterval(watchdog);
  plan.signal?.removeEventListener('abort', abort);
  // Whatever jest left behind (a student's forked child, a stuck worker) goes with the group.
  tree.killTree();
  readNewEvents();
  const finished = events.some((event) => event.type === 'done');
  return {
    events,
    stop:
      stop ??
      (finished ? { kind: 'finished' } : { kind: 'crashed', code: exit.code, signal: exit.signal }),
    running: running?.name,
    output: tree.outputTail(),
  };
}

function jestConfig(plan: AttemptPlan, eventsFile: string) {
  const maxTimeout = Math.max(...plan.timeouts.values());
  return {
    rootDir: courseRoot,
    roots: [...new Set(plan.testFiles.map((file) => path.dirname(file)))],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(courseRoot, 'tsconfig.json') }] },
    moduleNameMapper: {
      '^@subject/(.*)$': `${plan.subjectRoot}/$1`,
      '^@course/(.*)$': `${courseRoot}/grader/$1`,
    },
    setupFilesAfterEnv: [path.join(courseRoot, 'grader', 'jest', 'setup.ts')],
    reporters: [[path.join(courseRoot, 'grader', 'jest', 'stream-reporter.ts'), { eventsFile }]],
    testTimeout: maxTimeout,
    globals: { __GRADER_TIMEOUTS__: Object.fromEntries(plan.timeouts) },
    cacheDirectory: path.join(courseRoot, '.grader', 'jest-cache'),
    watchman: false,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
