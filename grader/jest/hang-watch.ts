import { performance } from 'perf_hooks';
import { setEnvironmentData } from 'worker_threads';
import type { HungThread } from './channel';
import { confirmationFor, DeadThread, deadStateKeys, PROVEN_HANG } from './dead-state';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const board = require('../runtime/thread-activity') as {
  BOARD_KEY: string;
  HEADER: number;
  SLOTS: number;
  STRIDE: number;
  THREAD: number;
  STATE: number;
  WAITS: number;
  IDLE: number;
  PARENT: number;
  CHILDREN: number;
  SITE: number;
  PARENT_KEY: string;
  WAITING: number;
  EXITED: number;
  TICK_MS: number;
  countTimedWaitAsync(): () => number;
  siteText(board: SharedArrayBuffer, slot: number): string;
  createBoard(): SharedArrayBuffer;
};

// Everything the watch reads is taken when the setup loads it, before any student code: a
// student's patch of a global or of `process` changes nothing here.
const activeResources = process.getActiveResourcesInfo.bind(process);
const cpuUsage = process.cpuUsage.bind(process);
const utilization = performance.eventLoopUtilization.bind(performance);
const hrtime = process.hrtime.bigint;
const realSetInterval = setInterval;
const realClearInterval = clearInterval;
const { load } = Atomics;

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
 * there while a test runs.
 */
const ALLOWED_TIMERS = 1;

interface Look extends DeadThread {
  thread: number;
  waits: number;
  idle: number;
}

export interface HangWatch {
  /**
   * Watches the test now running: `onHung` is called once, if for a second (dead-state.ts: less
   * when an earlier test of this process was hung in the same places) the main thread is idle
   * with nothing pending that could wake it (no timer of the test's, no I/O, no child) and every
   * worker is asleep for good (in an endless Atomics.wait, idle with nothing pending, or gone).
   * `again`: the dead state was one already proven in this process, so the look was short.
   * Returns the function that stops watching.
   */
  watch(onHung: (threads: HungThread[], again: boolean) => void): () => void;
}

/** The workers the main thread started (see testkit/tracked.ts), as the watch needs them. */
export interface OwnWorkers {
  /** The thread ids of those not exited yet. */
  live(): number[];
  /** Whether this one has exited. */
  exited(threadId: number): boolean;
}

/**
 * Creates the activity board and shares it with every worker started from now on. Call before
 * any student code loads.
 */
export function startHangWatch(own: OwnWorkers): HangWatch {
  const shared = board.createBoard();
  const cells = new Int32Array(shared);
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
    return timers > ALLOWED_TIMERS || pipes > stdio;
  };

  /**
   * Each live worker on the board, asleep for good, or undefined when one may still run. `start`
   * is what the first look of this quiet stretch saw: an endless wait must be the same one, an
   * idle worker must have gone on ticking idle, and no worker may have come since.
   */
  const workers = (
    start: Map<number, Look> | undefined,
    strict: boolean,
  ): Map<number, Look> | undefined => {
    const taken = Math.min(load(cells, 0), board.SLOTS);
    const seen = new Map<number, Look>();
    /** Per thread: its live children on the board, to compare with those it started. */
    const onBoard = new Map<number, number>();
    const started = new Map<number, number>();
    for (let slot = 0; slot < taken; slot++) {
      const at = board.HEADER + slot * board.STRIDE;
      const thread = load(cells, at + board.THREAD);
      // A slot taken but not yet filled in: a worker starting right now.
      if (thread === 0) return undefined;
      const state = load(cells, at + board.STATE);
      if (own.exited(thread)) continue;
      // Exiting: until the main thread has seen its exit event, that event may still settle the
      // test. The first hang's second covers the gap; a short look waits for the event.
      if (state === board.EXITED) {
        if (strict && own.live().includes(thread)) return undefined;
        continue;
      }
      const parent = load(cells, at + board.PARENT);
      onBoard.set(parent, (onBoard.get(parent) ?? 0) + 1);
      started.set(thread, load(cells, at + board.CHILDREN));
      const look: Look = {
        thread,
        waits: load(cells, at + board.WAITS),
        idle: load(cells, at + board.IDLE),
        state: state === board.WAITING ? 'waiting' : 'idle',
        site: state === board.WAITING ? load(cells, at + board.SITE) : 0,
      };
      const first = start ? start.get(slot) : look;
      if (!first) return undefined;
      if (
        look.state === 'waiting'
          ? look.waits !== first.waits || look.site !== first.site
          : look.idle < first.idle
      )
        return undefined;
      // An idle worker's ticks keep counting while it stays idle: one that stopped counting
      // runs JavaScript (or waits with a time-out), and is not asleep for good.
      if (look.state === 'idle' && look.idle === 0) return undefined;
      seen.set(slot, look);
    }
    // A worker started and not on the board yet is still starting: it may yet run.
    const listed = new Set([...seen.values()].map((look) => look.thread));
    if (own.live().some((thread) => !listed.has(thread))) return undefined;
    for (const [thread, children] of started)
      if (children > (onBoard.get(thread) ?? 0)) return undefined;
    return seen;
  };

  /** The places where the workers of this process's hung tests waited (dead-state.ts). */
  let proven: Set<string> | undefined;

  return {
    watch(onHung) {
      let since: bigint | undefined;
      let start: Map<number, Look> | undefined;
      let cpu = cpuUsage();
      let loop = utilization();
      let lookedAt = hrtime();
      const look = () => {
        const now = hrtime();
        const elapsedUs = Number(now - lookedAt) / 1000;
        lookedAt = now;
        const cpuNow = cpuUsage();
        const cpuUs = cpuNow.user - cpu.user + (cpuNow.system - cpu.system);
        cpu = cpuNow;
        const loopNow = utilization();
        const mainShare = utilization(loopNow, loop).utilization;
        loop = loopNow;
        const seen =
          cpuUs <= elapsedUs * MAX_CPU_SHARE && mainShare <= MAX_MAIN_SHARE && !mainHasPending()
            ? workers(start, proven !== undefined)
            : undefined;
        if (!seen) {
          since = undefined;
          start = undefined;
          return;
        }
        since ??= now;
        start ??= seen;
        const first = start;
        const needed = confirmationFor(proven, [...seen.values()]);
        const idleLongEnough = [...seen].every(
          ([slot, look]) =>
            look.state !== 'idle' || look.idle - (first.get(slot)?.idle ?? 0) >= needed.idleTicks,
        );
        if (Number(now - since) / 1e6 >= needed.afterMs && idleLongEnough) {
          stop();
          const threads = [...seen.values()];
          const again = needed === PROVEN_HANG;
          proven = new Set([...(proven ?? []), ...deadStateKeys(threads)]);
          onHung(
            [...seen].map(([slot, { thread, state }]): HungThread => {
              const site = state === 'waiting' ? board.siteText(shared, slot) : '';
              return { thread, state, ...(site && { site }) };
            }),
            again,
          );
        }
      };
      const timer = realSetInterval(look, proven ? LOOK_AGAIN_EVERY_MS : LOOK_EVERY_MS);
      // Never what keeps the process alive: the watch only looks.
      timer.unref();
      const stop = () => realClearInterval(timer);
      return stop;
    },
  };
}
