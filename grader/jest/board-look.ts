import type { HungThread } from './channel';
import { confirmationFor, DeadThread, deadStateKeys, isProven } from './dead-state';

// Reading the activity board (runtime/thread-activity.js): whether every worker on it is asleep
// for good, and whether that has lasted long enough to call the test hung. Shared by the main
// thread's watch (hang-watch.ts) and the watch's own thread (hang-watch-worker.ts), which looks
// while the main thread itself is blocked in an endless Atomics.wait.

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const board = require('../runtime/thread-activity') as {
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
  CURRENT: number;
  TEST_STARTED: number;
  MAIN_STARTED: number;
  MAIN_POLLS: number;
  MAIN_MOVES: number;
  MAIN_AT: number;
  PARENT_KEY: string;
  WAITING: number;
  EXITED: number;
  INERT: number;
  TICK_MS: number;
  countTimedWaitAsync(): () => number;
  siteText(board: SharedArrayBuffer, at: number): string;
  markMainWaits(board: SharedArrayBuffer): void;
  createBoard(): SharedArrayBuffer;
  markExited(cells: Int32Array, threadId: number): void;
};

const { load } = Atomics;

export interface Look extends DeadThread {
  thread: number;
  waits: number;
  idle: number;
}

/** What the looker knows of the main thread's own workers. */
export interface OwnView {
  /** This one has exited and the main thread knows it: nothing is waited for from it. */
  gone(thread: number): boolean;
  /** This one has exited but the main thread may not have seen its exit event yet. */
  exitPending(thread: number): boolean;
  /** Every worker the main thread started is on the board (`listed`: the live ones seen). */
  allListed(listed: Set<number>, ownSlots: number): boolean;
}

/**
 * Each live worker on the board, asleep for good, or undefined when one may still run. `start`
 * is what the first look of this quiet stretch saw: an endless wait must be the same one, an
 * idle worker must have gone on ticking idle, and no worker may have come since.
 */
export function lookAtWorkers(
  cells: Int32Array,
  start: Map<number, Look> | undefined,
  own: OwnView,
): Map<number, Look> | undefined {
  const taken = Math.min(load(cells, 0), board.SLOTS);
  const seen = new Map<number, Look>();
  /** Per thread: its live children on the board, to compare with those it started. */
  const onBoard = new Map<number, number>();
  const started = new Map<number, number>();
  const inert = new Set<number>();
  let ownSlots = 0;
  for (let slot = 0; slot < taken; slot++) {
    const at = board.HEADER + slot * board.STRIDE;
    const thread = load(cells, at + board.THREAD);
    // A slot taken but not yet filled in: a worker starting right now.
    if (thread === 0) return undefined;
    const state = load(cells, at + board.STATE);
    const parent = load(cells, at + board.PARENT);
    if (parent === 0) ownSlots++;
    if (own.gone(thread)) continue;
    // Exiting: until the main thread has seen its exit event, that event may still settle the
    // test.
    if (state === board.EXITED) {
      if (own.exitPending(thread)) return undefined;
      continue;
    }
    onBoard.set(parent, (onBoard.get(parent) ?? 0) + 1);
    started.set(thread, load(cells, at + board.CHILDREN));
    // Running, but nothing it does can wake another thread or settle the test.
    if (state === board.INERT) {
      inert.add(thread);
      continue;
    }
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
  const listed = new Set([...seen.values()].map((look) => look.thread).concat([...inert]));
  if (!own.allListed(listed, ownSlots)) return undefined;
  for (const [thread, children] of started)
    if (children > (onBoard.get(thread) ?? 0)) return undefined;
  return seen;
}

/**
 * One quiet stretch: fed each look's workers (undefined when anything may still run), it says
 * when the stretch has lasted long enough (dead-state.ts) and adds its places to `proven`.
 */
export class DeadStretch {
  private since: bigint | undefined;
  private start: Map<number, Look> | undefined;

  constructor(private readonly proven: { keys?: Set<string> }) {}

  /** What the first look of the stretch saw, for lookAtWorkers. */
  get first(): Map<number, Look> | undefined {
    return this.start;
  }

  /**
   * `{ again }` once the test is hung (again: in a dead state proven before), else undefined. The
   * caller records the hang with `prove` once it has confirmed it.
   */
  step(
    now: bigint,
    seen: Map<number, Look> | undefined,
    alone = false,
  ): { again: boolean } | undefined {
    if (!seen) {
      this.since = undefined;
      this.start = undefined;
      return undefined;
    }
    this.since ??= now;
    this.start ??= seen;
    const first = this.start;
    const threads = [...seen.values()];
    const needed = confirmationFor(this.proven.keys, threads, alone);
    const idleLongEnough = [...seen].every(
      ([slot, look]) =>
        look.state !== 'idle' || look.idle - (first.get(slot)?.idle ?? 0) >= needed.idleTicks,
    );
    if (Number(now - this.since) / 1e6 < needed.afterMs || !idleLongEnough) return undefined;
    return { again: isProven(this.proven.keys, threads) };
  }

  /** Adds the places of a hang, once confirmed, to those proven dead (dead-state.ts). */
  prove(seen: Map<number, Look>): void {
    this.proven.keys = new Set([...(this.proven.keys ?? []), ...deadStateKeys([...seen.values()])]);
  }
}

/**
 * The bytes of wait sites one hung verdict carries, all its threads together, as they go on the
 * channel (JSON). The grader refuses a line over 256 KiB as tampering (jest/channel.ts), and an
 * honest job whose hundreds of workers wait at sites of six frames each would pass that: the
 * threads after the budget are named without their site, and still count in the verdict.
 */
export const SITES_BUDGET_BYTES = 64 * 1024;

/** The hung workers as the channel names them, each waiting one with where it waits. */
export function hungThreads(shared: SharedArrayBuffer, seen: Map<number, Look>): HungThread[] {
  let left = SITES_BUDGET_BYTES;
  return [...seen].map(([slot, { thread, state }]): HungThread => {
    let site =
      state === 'waiting' ? board.siteText(shared, board.HEADER + slot * board.STRIDE) : '';
    const bytes = Buffer.byteLength(JSON.stringify(site));
    if (bytes > left) site = '';
    else left -= bytes;
    return { thread, state, ...(site && { site }) };
  });
}
