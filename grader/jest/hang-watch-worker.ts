import { writeSync } from 'fs';
import { parentPort } from 'worker_threads';
import { board, DeadStretch, hungThreads, Look, lookAtWorkers, OwnView } from './board-look';
import type { ChannelLine } from './channel';
import { deadStateKeys, isDeadStateKey } from './dead-state';
import type { WatchThreadData } from './hang-watch';

// The hang watch's own thread (planned by hang-watch.ts before any student code, run in the token
// vault's thread, token-vault-worker.js): it looks at the activity board while the main thread is
// blocked in an endless Atomics.wait, where the main thread's own watch cannot run. When every
// worker is asleep for good too, nothing can ever notify the main thread: it says so on the
// channel, and the grader ends the process at once instead of at the test's limit
// (run/jest-attempt.ts). Like the setup's, its word can only fail a test.

const { load } = Atomics;
const MAX_CPU_SHARE = 0.25;

/** Starts looking every `lookMs`; the thread's event loop runs the looks. */
export function watchFromThisThread(data: WatchThreadData): void {
  const { shared, ids, base, channelFd, lookMs, lookAgainMs } = data;
  const cells = new Int32Array(shared);
  /**
   * The main thread is blocked and cannot see an exit event: every worker it started only has to
   * be on the board (an exited one leaves its slot, marked exited).
   */
  const view: OwnView = {
    gone: () => false,
    exitPending: () => false,
    allListed: (_listed, ownSlots) => load(cells, board.MAIN_STARTED) <= ownSlots,
  };

  const proven: { keys?: Set<string> } = {};
  // Dead states the job's earlier test processes were proven hung in (HangWatch.seed).
  parentPort?.on('message', (keys: unknown) => {
    try {
      if (Array.isArray(keys) && keys.every(isDeadStateKey))
        proven.keys = new Set([...(proven.keys ?? []), ...keys]);
    } catch {
      // Keys that cannot be read are keys not known: the looks are only longer.
    }
  });
  let stretch = new DeadStretch(proven);
  /** The test and the main thread's wait this stretch is about. */
  let watched = { test: 0, waits: -1 };
  let reported = 0;
  let cpu = process.cpuUsage();
  let lookedAt = process.hrtime.bigint();

  function look() {
    const now = process.hrtime.bigint();
    const elapsedUs = Number(now - lookedAt) / 1000;
    lookedAt = now;
    const cpuNow = process.cpuUsage();
    const cpuUs = cpuNow.user - cpu.user + (cpuNow.system - cpu.system);
    cpu = cpuNow;
    const test = load(cells, board.CURRENT);
    const main = board.MAIN_AT;
    const blocked = load(cells, main + board.STATE) === board.WAITING;
    const waits = load(cells, main + board.WAITS);
    if (test !== watched.test || waits !== watched.waits) {
      stretch = new DeadStretch(proven);
      watched = { test, waits };
    }
    if (test === 0 || test === reported || !blocked) return;
    const workers =
      cpuUs <= elapsedUs * MAX_CPU_SHARE ? lookAtWorkers(cells, stretch.first, view) : undefined;
    // The main thread counts as one more thread waiting in its place (slot -1).
    const mainLook: Look = {
      thread: 0,
      waits,
      idle: 0,
      state: 'waiting',
      site: load(cells, main + board.SITE),
    };
    const seen = workers && new Map([...workers, [-1, mainLook]]);
    const hung = stretch.step(now, seen);
    if (!hung || !workers || !seen) return;
    stretch.prove(seen);
    reported = test;
    const mainSite = board.siteText(shared, main);
    send({
      k: 'over',
      id: ids[test - 1],
      why: 'hung',
      afterMs: Math.max(0, Date.now() - base - load(cells, board.TEST_STARTED)),
      threads: hungThreads(shared, workers),
      blocked: true,
      ...(mainSite && { mainSite }),
      ...(hung.again && { again: true }),
      keys: [...deadStateKeys([...seen.values()])],
    });
  }

  function send(line: ChannelLine) {
    if (channelFd === undefined) return;
    try {
      writeSync(channelFd, JSON.stringify(line) + '\n');
    } catch {
      // The grader went away: nothing to tell.
    }
  }

  // The thread is the token vault's too: a look that throws ends the watch (costing only the early
  // end of a blocked main thread's test), never the thread and the passes still to come.
  const safely = (step: () => void) => () => {
    try {
      step();
    } catch {
      clearInterval(timer);
    }
  };
  let timer = setInterval(
    safely(function tick() {
      look();
      // Once a dead state is proven, the same one again is ended after a short look: look more
      // often.
      if (proven.keys && lookAgainMs !== lookMs) {
        clearInterval(timer);
        timer = setInterval(safely(look), lookAgainMs);
      }
    }),
    lookMs,
  );
}
