import * as path from 'path';
import { performance } from 'perf_hooks';
import { setEnvironmentData } from 'worker_threads';
import type { HungThread } from './channel';
import { board, DeadStretch, hungThreads, lookAtWorkers } from './board-look';
import { deadStateKeys } from './dead-state';

// Everything the watch reads is taken when the setup loads it, before any student code: a
// student's patch of a global or of `process` changes nothing here.
const activeResources = process.getActiveResourcesInfo.bind(process);
const cpuUsage = process.cpuUsage.bind(process);
const utilization = performance.eventLoopUtilization.bind(performance);
const hrtime = process.hrtime.bigint;
const realSetInterval = setInterval;
const realClearInterval = clearInterval;
const realSetImmediate = setImmediate;

/**
 * How often the main thread looks, while a test runs and its own event loop turns: more often once
 * a dead state is proven, since a test that comes to it again is then ended after a short look
 * (dead-state.ts).
 */
const LOOK_EVERY_MS = 100;
const LOOK_AGAIN_EVERY_MS = 25;
/** Processor time of the whole process (every thread) that still counts as nobody running. */
const MAX_CPU_SHARE = 0.25;
/** Of the main thread's own time, what may be spent running (the watch itself is a little). */
const MAX_MAIN_SHARE = 0.25;

/** Kinds of pending work the main thread holds whatever the test does (its stdio). */
const STDIO = new Set(['PipeWrap', 'TTYWrap']);
/**
 * A worker's or a MessageChannel's port can only bring a message from a thread that runs, and
 * every thread is looked at on its own; one jest timer (the test's own time limit) is always
 * there while a test runs, and one more for each of the test kit's polls (runtime/main-polls.js),
 * which only wait for other threads.
 */
const ALLOWED_TIMERS = 1;

export interface HangWatch {
  /**
   * Watches the test now running: `onHung` is called once, if for a second (dead-state.ts: less
   * when an earlier test of this job was hung in the same places, or no worker is left) the main
   * thread is idle with nothing pending that could wake it (no timer of the test's, no I/O, no
   * child) and every worker is asleep for good (in an endless Atomics.wait, idle with nothing pending, or gone).
   * `again`: the dead state was one already proven in this job, so the look was short; `keys`:
   * the places of this one. Returns the function that stops watching. `test`: the test's number
   * in the plan, plus one, by which the watch's own thread names it if the main thread blocks.
   */
  watch(
    test: number,
    onHung: (threads: HungThread[], again: boolean, keys: string[]) => void,
  ): () => void;
  /**
   * Dead states the job's earlier test processes were proven hung in (the grader hands them on):
   * counted as proven here too, by this thread's watch and the watch's own thread.
   */
  seed(keys: ReadonlySet<string>): void;
  /** Called as the main thread starts a worker, before it can take a slot on the board. */
  workerStarted(): void;
  /** Called as the main thread sees a worker's exit event (see markExited in the board). */
  workerExited(thread: number): void;
}

/** The workers the main thread started (see testkit/tracked.ts), as the watch needs them. */
export interface OwnWorkers {
  /** The thread ids of those not exited yet. */
  live(): number[];
  /** Whether this one has exited. */
  exited(threadId: number): boolean;
}

/** The watch's own thread's job (hang-watch-worker.ts), run in the token vault's thread. */
export interface WatchThreadJob {
  script: string;
  data: WatchThreadData;
}

/** What the watch's own thread is given (hang-watch-worker.ts). */
export interface WatchThreadData {
  shared: SharedArrayBuffer;
  /** The planned tests' ids, by their number on the board less one. */
  ids: string[];
  /** Date.now() when the board was made: the board's times count from it. */
  base: number;
  channelFd: number;
  lookMs: number;
  lookAgainMs: number;
}

/** The activity board, made before any thread that must not take a slot on it is started. */
export interface HangWatchPlan {
  shared: SharedArrayBuffer;
  base: number;
  /**
   * The watch's own thread's job, which names a blocked main thread's test by its id and tells the
   * grader on the channel: none without a channel to say it on (or where the stack probe runs,
   * see setup.ts). The token vault's thread takes it on (token-vault.ts): one thread started per
   * test process, not two, since a thread's start is a tenth of a graded process's processor time.
   */
  thread?: WatchThreadJob;
}

/** Makes the activity board and the job of the watch's own thread (see HangWatchPlan). */
export function planHangWatch(ids: string[], channelFd: number | undefined): HangWatchPlan {
  const shared = board.createBoard();
  const base = Date.now();
  if (channelFd === undefined) return { shared, base };
  const data = {
    shared,
    ids,
    base,
    channelFd,
    lookMs: LOOK_EVERY_MS,
    lookAgainMs: LOOK_AGAIN_EVERY_MS,
  };
  return { shared, base, thread: { script: path.join(__dirname, 'hang-watch-worker.ts'), data } };
}

/**
 * Shares the planned board with every worker started from now on and starts watching; `toThread`
 * sends the watch's own thread (running the plan's job, already started) a message. Call before
 * any student code loads.
 */
export function startHangWatch(
  own: OwnWorkers,
  { shared, base }: HangWatchPlan,
  toThread?: (message: unknown) => void,
): HangWatch {
  const cells = new Int32Array(shared);
  board.markMainWaits(shared);
  setEnvironmentData(board.BOARD_KEY, shared);
  setEnvironmentData(board.PARENT_KEY, 0);
  const stdio = activeResources().filter((type) => STDIO.has(type)).length;
  const timedWaits = board.countTimedWaitAsync();

  /** Whether the main thread holds anything, besides its stdio and jest's timer, that may wake it. */
  const mainHasPending = () => {
    if (timedWaits() > 0) return true;
    let timers = 0;
    let pipes = 0;
    for (const type of activeResources()) {
      if (type === 'Timeout') timers++;
      else if (STDIO.has(type)) pipes++;
      else if (type !== 'MessagePort') return true;
    }
    const polls = Math.max(0, Atomics.load(cells, board.MAIN_POLLS));
    return timers > ALLOWED_TIMERS + polls || pipes > stdio;
  };
  const movesOfMain = () => Atomics.load(cells, board.MAIN_MOVES);

  /** The places where the workers of this process's hung tests waited (dead-state.ts). */
  const proven: { keys?: Set<string> } = {};
  /** The main thread's workers as the main thread knows them. */
  const view = (strict: boolean) => ({
    gone: (thread: number) => own.exited(thread),
    // The first hang's second covers the gap to the exit event; a short look waits for it.
    exitPending: (thread: number) => strict && own.live().includes(thread),
    allListed: (listed: Set<number>) => own.live().every((thread) => listed.has(thread)),
  });

  return {
    seed(keys) {
      proven.keys = new Set([...(proven.keys ?? []), ...keys]);
      toThread?.([...keys]);
    },
    workerStarted() {
      Atomics.add(cells, board.MAIN_STARTED, 1);
    },
    workerExited(thread) {
      board.markExited(cells, thread);
    },
    watch(test, onHung) {
      Atomics.store(cells, board.TEST_STARTED, Date.now() - base);
      Atomics.store(cells, board.CURRENT, test);
      const stretch = new DeadStretch(proven);
      let cpu = cpuUsage();
      let loop = utilization();
      let lookedAt = hrtime();
      let moves = movesOfMain();
      let confirming = false;
      let stopped = false;
      const look = () => {
        if (confirming) return;
        const now = hrtime();
        const elapsedUs = Number(now - lookedAt) / 1000;
        lookedAt = now;
        const cpuNow = cpuUsage();
        const cpuUs = cpuNow.user - cpu.user + (cpuNow.system - cpu.system);
        cpu = cpuNow;
        const loopNow = utilization();
        const mainShare = utilization(loopNow, loop).utilization;
        loop = loopNow;
        // A poll of the main thread that started or ended since the last look: the main thread
        // moved, and may have woken a worker that has not run yet.
        const movesNow = movesOfMain();
        const moved = movesNow !== moves;
        moves = movesNow;
        const seen =
          !moved &&
          cpuUs <= elapsedUs * MAX_CPU_SHARE &&
          mainShare <= MAX_MAIN_SHARE &&
          !mainHasPending()
            ? lookAtWorkers(cells, stretch.first, view(proven.keys !== undefined))
            : undefined;
        // Alone: no worker of the main thread's alive or starting, and none seen (nested ones
        // included): nothing but this idle thread is left, and the look can be the shortest.
        const hung = stretch.step(now, seen, own.live().length === 0);
        if (!hung) return;
        // Other timers that came due with this look's, and messages that came meanwhile, run
        // before the next check phase: only a state still dead after them is hung (a poll whose
        // condition came true there, or a message, moves the main thread).
        confirming = true;
        realSetImmediate(() => {
          confirming = false;
          if (stopped) return;
          const still =
            movesOfMain() === moves && !mainHasPending()
              ? lookAtWorkers(cells, stretch.first, view(proven.keys !== undefined))
              : undefined;
          if (!still) {
            stretch.step(hrtime(), undefined);
            return;
          }
          stretch.prove(still);
          stop();
          onHung(hungThreads(shared, still), hung.again, [...deadStateKeys([...still.values()])]);
        });
      };
      const timer = realSetInterval(look, proven.keys ? LOOK_AGAIN_EVERY_MS : LOOK_EVERY_MS);
      // Never what keeps the process alive: the watch only looks.
      timer.unref();
      const stop = () => {
        stopped = true;
        Atomics.compareExchange(cells, board.CURRENT, test, 0);
        realClearInterval(timer);
      };
      return stop;
    },
  };
}
