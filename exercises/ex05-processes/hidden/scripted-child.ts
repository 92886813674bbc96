// The task of the generated runInProcesses cases (./run-case.ts), run in each child. The child
// marks its start in its call's folder (`started-<pid>`, holding its turn), waits until every
// child of the call has started, then until every child of an earlier turn has exited, and then
// ends as its script says. Turns order the children by marker, not by time, so "the first child
// to fail" is the same on a busy machine as on an idle one.
import * as fs from 'fs';
import * as path from 'path';
import type { PlayedChild } from './run-case';

/** Far longer than starting every child takes on a loaded machine; only one-at-a-time code waits it out. */
const PATIENCE_MS = 30_000;
/** After the earlier turn has exited, so that the parent has surely handled its end first. */
const MARGIN_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process with this pid exists: signal 0 asks without sending anything. */
const alive = (pid: number) => {
  try {
    return process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but another user owns it.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function started(dir: string): Array<{ pid: number; turn: number }> {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('started-'))
    .map((name) => ({
      pid: Number(name.slice('started-'.length)),
      turn: Number(fs.readFileSync(path.join(dir, name), 'utf8')),
    }));
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline && !condition()) await sleep(10);
}

export async function play({ dir, count, child }: PlayedChild): Promise<unknown> {
  fs.writeFileSync(path.join(dir, `started-${process.pid}`), String(child.turn));
  await until(() => started(dir).length >= count);
  if (child.turn > 0) {
    await until(() => started(dir).every((other) => other.turn >= child.turn || !alive(other.pid)));
    await sleep(MARGIN_MS);
  }
  if (child.ends === 'throwing') throw child.value;
  if (!child.answers) {
    if (child.ends === 'by-signal') {
      process.kill(process.pid, child.signal!);
      await sleep(PATIENCE_MS);
    }
    process.exit(child.code ?? 0);
  }
  // It answers; how the process then ends is set now and happens once the answer has gone out.
  if (child.ends === 'with-code') process.exitCode = child.code;
  if (child.ends === 'by-signal')
    process.once('exit', () => process.kill(process.pid, child.signal!));
  return child.value;
}

/** Gives its input back: for calls whose inputs are plain values, equal ones included. */
export function echo<T>(input: T): T {
  return input;
}

/** Gives its input back with the pid of the child that ran it: equal inputs must come from two children. */
export function tagged<T>(input: T): { value: T; pid: number } {
  return { value: input, pid: process.pid };
}
