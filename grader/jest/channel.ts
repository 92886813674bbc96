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
  /** JSON `{ [testId]: limit in ms }` for the planned tests of the file being run. */
  limits: 'GRADER_TEST_LIMITS',
  /** Comma-separated test ids to run; every planned test when unset. */
  only: 'GRADER_TEST_ONLY',
  /**
   * Set: the process was started ahead (a watch). The setup waits for one byte from the grader on
   * the channel before the test file, and so the student's code, is loaded.
   */
  hold: 'GRADER_HOLD',
} as const;

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
  | ({ k: 'stuck'; id: string; token: string } & StuckReport);

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
