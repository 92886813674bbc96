// Task modules for the hidden tests. Each child process loads this file itself. The tasks talk to
// the test through marker files in a folder (processes share no memory): `started-<i>` when task
// i begins; the test answers with `go` (everyone has started) or `stop` (give up waiting).
import * as fs from 'fs';
import * as path from 'path';

export interface Cue {
  /** The marker folder of this test. */
  dir: string;
  /** Which task this is, and how many there are. */
  index: number;
  count: number;
}

/** How long a task waits for a marker before giving up by itself (the test normally answers). */
const PATIENCE_MS = 15_000;
/** How long a deaf task waits: far longer than any test, so that only a kill ends it in time. */
const DEAF_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (cue: Cue, name: string) => fs.existsSync(path.join(cue.dir, name));
const startedCount = (cue: Cue) =>
  fs.readdirSync(cue.dir).filter((name) => name.startsWith('started-')).length;

function announce(cue: Cue): void {
  fs.writeFileSync(path.join(cue.dir, `started-${cue.index}`), String(process.pid));
}

/** Waits until `ready()` or a `stop` marker; true when ready. */
async function waitUntil(cue: Cue, ready: () => boolean): Promise<boolean> {
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    if (ready()) return true;
    if (exists(cue, 'stop')) return false;
    await sleep(5);
  }
  return false;
}

/** Reports its start, then waits for every sibling to start too: only possible in parallel. */
export async function meet(cue: Cue): Promise<{ index: number; met: boolean }> {
  announce(cue);
  const met = await waitUntil(cue, () => exists(cue, 'go'));
  return { index: cue.index, met };
}

/** Finishes only after the task after it has finished: the last task finishes first. */
export async function finishInReverse(cue: Cue): Promise<number> {
  announce(cue);
  if (cue.index < cue.count - 1) {
    await waitUntil(cue, () => exists(cue, `done-${cue.index + 1}`));
    // A margin so the later task's result surely reaches the parent first.
    await sleep(100);
  }
  fs.writeFileSync(path.join(cue.dir, `done-${cue.index}`), '');
  return cue.index * 10 + 1;
}

/** How a task in crashOrWait ends when all its siblings are running. */
export interface Ending {
  /** Exit with this code without sending a result (0 included). */
  crashWith?: number;
  /** Be killed by this signal. */
  killWith?: NodeJS.Signals;
  /** Throw from the task. */
  throwMessage?: string;
  /** Send the result, then exit with this code. */
  answerThenExitWith?: number;
  /** Send the result, then be killed by this signal as the process ends. */
  answerThenKillWith?: NodeJS.Signals;
  /** Ignore the test's `stop` marker: this task does not end by itself within any test's time. */
  deaf?: boolean;
}

/**
 * Waits to be stopped; or, given an ending, ends that way once all siblings are running. A deaf
 * task waits even after the test says stop, so only a kill ends it in time.
 */
export async function crashOrWait(cue: Cue & Ending): Promise<number> {
  announce(cue);
  if (cue.answerThenExitWith !== undefined || cue.answerThenKillWith) {
    await waitUntil(cue, () => startedCount(cue) >= cue.count);
    const signal = cue.answerThenKillWith;
    // The process ends this way once its result has gone out: with this code, or killed by the
    // signal at its very end, however it ends (on its own or by process.exit).
    if (signal) process.once('exit', () => process.kill(process.pid, signal));
    else process.exitCode = cue.answerThenExitWith;
    return cue.index;
  }
  if (cue.crashWith !== undefined || cue.killWith || cue.throwMessage) {
    await waitUntil(cue, () => startedCount(cue) >= cue.count);
    if (cue.crashWith !== undefined) process.exit(cue.crashWith);
    if (cue.killWith) {
      process.kill(process.pid, cue.killWith);
      await sleep(PATIENCE_MS);
    }
    throw new Error(cue.throwMessage);
  }
  if (cue.deaf) await sleep(DEAF_MS);
  else await waitUntil(cue, () => false);
  return cue.index;
}

/** Gives its input back unchanged. */
export function echo<T>(input: T): T {
  return input;
}

/** Squares its input. */
export function square(n: number): number {
  return n * n;
}

let calls = 0;

/** Says which process ran it, and counts its calls in this process's copy of the module. */
export function identify(input: number) {
  calls++;
  return { input, pid: process.pid, parentPid: process.ppid, callsInThisCopy: calls };
}

/** How many times identify() ran in the process that asks. */
export const callsHere = () => calls;
