/**
 * When the hang watch (hang-watch.ts) may call a test hung, and how fast: a pure function of what
 * it saw, so that golden tests pin it down (dead-state.test.ts).
 *
 * The first hang of a job must stay dead for a whole second: threads that are only slow to be
 * scheduled on a loaded machine look dead for a moment too. Once one test has been proven hung, a
 * later test of the same job that comes to the same dead state (nothing pending, and its workers
 * waiting in places where the proven ones waited, or none left) is the same deadlock again: it is
 * called hung after a short look instead of a second, so a job whose every test waits on the same
 * dead state costs one second, not one per test. A new place to wait, a worker not seen dead
 * before, or anything pending goes back to the full second. The places proven in one test process
 * go with the job's later ones (readDeadStates, run/run-tests.ts).
 */

/** One live worker as the watch saw it: how it sleeps, and a hash of where it last waited. */
export interface DeadThread {
  state: 'waiting' | 'idle';
  /** Where its latest endless Atomics.wait was called from (0: never, or not known). */
  site: number;
}

export interface Confirmation {
  /** How long everything must have stayed dead. */
  afterMs: number;
  /** Idle ticks (runtime/thread-activity.js) an idle worker must add meanwhile. */
  idleTicks: number;
}

/** The first hang of a process. */
export const FIRST_HANG: Confirmation = { afterMs: 1000, idleTicks: 8 };
/** A hang in a dead state already proven in this job. */
export const PROVEN_HANG: Confirmation = { afterMs: 150, idleTicks: 1 };
/**
 * A dead state with no thread but the main thread: no worker left or starting, the main thread
 * idle with nothing pending. The second that a first hang waits is for threads only slow to be
 * scheduled on a loaded machine; here there is none, and nothing can change the state. Two looks
 * in a row (then the check after the timers and messages due with the second) are enough, first
 * hang or not: a never-settling promise cost each test its 150 ms or its second.
 */
export const ALONE_HANG: Confirmation = { afterMs: 50, idleTicks: 0 };

/** The places a dead state's workers wait in: what a later hang is compared by. */
export function deadStateKeys(threads: readonly DeadThread[]): Set<string> {
  return new Set(threads.map(keyOf));
}

/**
 * How long the state seen must stay dead before the test is called hung: short when every worker
 * waits the way one of a proven dead state's did (an idle worker only matches an idle one, a
 * waiting one only the same place), which includes having no worker left at all; shortest when
 * `alone`: the main thread started no worker that is still alive, and none is seen.
 */
export function confirmationFor(
  proven: ReadonlySet<string> | undefined,
  threads: readonly DeadThread[],
  alone = false,
): Confirmation {
  if (alone && threads.length === 0) return ALONE_HANG;
  return isProven(proven, threads) ? PROVEN_HANG : FIRST_HANG;
}

/** Whether a dead state is one proven before: the message then says it came to it again. */
export function isProven(
  proven: ReadonlySet<string> | undefined,
  threads: readonly DeadThread[],
): boolean {
  if (!proven) return false;
  // A wait whose place is not known matches nothing: it may be any wait.
  const known = threads.every((thread) => thread.state === 'idle' || thread.site !== 0);
  return known && threads.every((thread) => proven.has(keyOf(thread)));
}

const keyOf = (thread: DeadThread) =>
  thread.state === 'idle' ? 'idle' : `waiting at ${thread.site}`;

/** Whether a text is a key as deadStateKeys makes them (what another process says is checked). */
export const isDeadStateKey = (key: unknown): key is string =>
  typeof key === 'string' && /^(idle|waiting at -?\d{1,10})$/.test(key);

/**
 * The most dead-state keys a job hands on to its later test processes. An honest hang has a few
 * (one per place its threads wait), but an `over` line carries no token, so graded code can write
 * them too, up to one per thread for every test of the file (1,025 each): handed on in the next
 * process's environment, 5 tests' worth passed Linux's 128 KiB limit on one variable, the spawn
 * failed (E2BIG), and the job runner with it, so the class got no gradebook. Keys past this are
 * dropped: a later hang in their places is then confirmed in full, which costs time, never a verdict.
 */
export const MAX_HANDED_ON = 256;

/** `known` with `keys` added, up to MAX_HANDED_ON (a new set; empty still means proven). */
export function withDeadStates(
  known: ReadonlySet<string> | undefined,
  keys: readonly string[],
): Set<string> {
  const all = new Set(known);
  for (const key of keys) if (all.size < MAX_HANDED_ON) all.add(key);
  return all;
}

/**
 * The dead states earlier test processes of the job were proven hung in, as the grader hands them
 * on (JSON, jest/channel.ts ENV.deadStates): undefined when none was proven, or the text is not
 * a list of keys. An empty list is a proven state too: one with no worker left.
 */
export function readDeadStates(text: string | undefined): Set<string> | undefined {
  if (!text) return undefined;
  try {
    const keys: unknown = JSON.parse(text);
    return Array.isArray(keys) && keys.every(isDeadStateKey) ? new Set(keys) : undefined;
  } catch {
    return undefined;
  }
}
