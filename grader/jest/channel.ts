import { sha256Hex } from './sha256';

/**
 * The channel from a test process to the grader: one JSON object per line on file descriptor 3,
 * a socket the grader opened for this process alone (no path on argv, nothing on disk).
 *
 * Three kinds of line travel on it:
 * - the token vault's (jest/token-vault.ts, a thread the setup starts before any student code
 *   loads): `hello` carries one random pass token per planned test; `pass` hands a token back when
 *   that test's own function completed. No token is ever in the main thread's heap, so student
 *   code cannot claim a pass it did not earn.
 * - the jest reporter's (`jest`): which test runs, jest's verdicts and failure text. They run in
 *   the student's process and are only trusted to explain a failure, never to award points.
 * - the stack probe's (`stuck`): where each thread was when a test passed its time limit, with
 *   the probe's own token (from the hello), so student code cannot write one.
 * - the setup's (`over`): a test it ended, at its time limit or as hung (jest/hang-watch.ts). It
 *   carries no token: it can only fail a test, never pass one.
 */
export const CHANNEL_FD = 3;

/** The longest line the grader reads; the reporter caps its own lines well below it. */
export const MAX_LINE_BYTES = 256 * 1024;

/** A failure message longer than this is cut, with a note, before it leaves the test process. */
const MAX_MESSAGE_CHARS = 64 * 1024;

/**
 * Where the test setup leaves the one-time claim of the declaring functions (test, it) for the
 * test file's first line (jest/transform.js spells the same key).
 */
export const DECLARE_TESTS = Symbol.for('grader.declare-tests');

/** Environment variables the grader sets for a test process. */
export const ENV = {
  /**
   * JSON `[{ id, limitMs }]`: the tests of the file to run, each with its time limit (the plan,
   * without its titles). A test the file declares that is not in it is declared skipped.
   */
  tests: 'GRADER_TESTS',
  /**
   * Set: the process was started ahead (a watch). The setup waits for one byte from the grader on
   * the channel before the test file, and so the student's code, is loaded.
   */
  hold: 'GRADER_HOLD',
  /**
   * JSON `string[]`: the dead states (jest/dead-state.ts keys) that earlier test processes of the
   * same job were proven hung in. A held process gets them with the grader's go instead.
   */
  deadStates: 'GRADER_DEAD_STATES',
} as const;

/**
 * One test a run plans: built once, from the manifest, before the test process starts (planTests),
 * and the one place its time limit comes from. The process is told `id` and `limitMs`; the
 * setup ends the test at `limitMs` and says so on the channel (`over`); the grader's watchdog
 * kills a process whose main thread cannot (a busy loop) a grace period after it.
 */
export interface PlannedTest {
  id: string;
  title: string;
  limitMs: number;
}

export function planTests(tests: readonly { name: string; timeoutMs: number }[]): PlannedTest[] {
  return tests.map((test) => ({
    id: testId(test.name),
    title: test.name,
    limitMs: test.timeoutMs,
  }));
}

/** What a test process reads of the plan (ENV.tests): test id to its limit. */
export function readPlan(text: string | undefined): Map<string, number> | undefined {
  if (text === undefined) return undefined;
  const entries = JSON.parse(text) as { id: string; limitMs: number }[];
  return new Map(entries.map((entry) => [entry.id, entry.limitMs]));
}

/**
 * An opaque id for a test title: the test process learns which tests to run and their limits
 * without hidden titles being written where student code can read them (argv, env, globals).
 */
export function testId(title: string): string {
  // The same hash as crypto's sha256, computed without any object student code could patch.
  return sha256Hex(title).slice(0, 16);
}

export type ChannelLine =
  /** `probe`: the token the stack probe's reports carry; absent where no probe runs (confined). */
  | { k: 'hello'; tokens: Record<string, string>; probe?: string }
  | { k: 'pass'; id: string; token: string }
  | { k: 'jest'; event: JestEvent }
  | ({ k: 'stuck'; id: string; token: string } & StuckReport)
  | ({ k: 'over'; id: string } & Overrun);

/**
 * A promise made in the student's files during a test that had not settled when the setup ended
 * it (runtime/promise-sites.js), the first made first. Frames as the stack probe's: 0-based
 * positions in the code as it ran. Written in the student's process: it only explains a failure.
 */
export interface UnsettledPromise {
  /** 'created': by `new Promise` and the like; 'started': an async function's own promise. */
  made: 'created' | 'started';
  at: SiteFrame;
  /** The first line of the student's that awaited it or called its `then`. */
  awaited?: SiteFrame;
}

export interface SiteFrame {
  fn: string;
  url: string;
  line: number;
  col: number;
}

/**
 * Why the setup ended a test before its function settled: its time limit passed (the main thread
 * was free to say so), or it was hung: for a second no thread could make progress and nothing was
 * pending that could wake one, so waiting out the limit would change nothing.
 */
export type Overrun = (
  | { why: 'time-limit'; limitMs: number }
  | {
      why: 'hung';
      afterMs: number;
      threads: HungThread[];
      /** The same dead state as an earlier hung test of the job: ended after a short look. */
      again?: true;
      /**
       * The main thread was blocked in an endless Atomics.wait (said by the watch's own thread,
       * jest/hang-watch-worker.ts): it cannot end the test itself, so the grader ends the process.
       */
      blocked?: true;
      /** Where the main thread waited: its stack, as HungThread's site. */
      mainSite?: string;
      /**
       * The places its threads waited in (jest/dead-state.ts): the grader hands them to the job's
       * later test processes, where the same dead state again is ended after a short look.
       */
      keys?: string[];
    }
) & {
  /** The student's promises that had not settled (runtime/promise-sites.js). */
  unsettled?: UnsettledPromise[];
};

/** A worker of a hung test: in an endless Atomics.wait, or idle in its event loop. */
export interface HungThread {
  /** The worker's threadId. */
  thread: number;
  state: 'waiting' | 'idle';
  /**
   * Waiting: the stack (as V8 formats it, a few frames) of its latest endless Atomics.wait
   * (runtime/thread-activity.js). Written by the worker itself: it only explains a failure.
   */
  site?: string;
}

/**
 * What the stack probe (stack-probe-worker.js) saw of a test past its limit: each thread's state
 * and its JavaScript frames (0-based lines and columns of the code as it ran, before source maps).
 * Like the reporter's lines, it only explains a failure.
 */
export interface StuckReport {
  threads: ProbedThread[];
  /** How many live workers the main thread had (only the first ones are probed). */
  workers?: number;
  error?: string;
}

export interface ProbedThread {
  name: 'main' | 'worker';
  /** Workers: 1 for the first one started, and so on. */
  n?: number;
  state: 'waiting' | 'running' | 'idle';
  /** A running thread looked at twice: whether its stack changed in between. */
  moved?: boolean;
  frames: { fn: string; cls?: string; url: string; line: number; col: number }[];
}

/** What the jest reporter says, as tests happen. */
export type JestEvent =
  | { type: 'start'; file: string; name: string }
  | {
      type: 'result';
      file: string;
      name: string;
      status: string;
      durationMs: number;
      failureMessages: string[];
    }
  | { type: 'file'; file: string; execError?: string }
  | { type: 'done' };

// Taken when this module loads (in the reporter's realm, before any student code): graded code can
// reach String.prototype of that realm.
const slice = String.prototype.slice;
const apply = Reflect.apply;

export function capMessage(text: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text;
  const cut = text.length - MAX_MESSAGE_CHARS;
  return `${apply(slice, text, [0, MAX_MESSAGE_CHARS]) as string}\n[… ${cut} more characters not kept: messages are capped at 64 KiB]`;
}
