import type * as ChildProcessModule from 'child_process';
import { observeChildren } from './tracked';

export interface ChildRecording {
  /** Every child started with fork or spawn since the recording began, exited or not. */
  readonly children: readonly ChildProcessModule.ChildProcess[];
  /** Ends the recording (the list stays readable). */
  stop(): void;
}

/**
 * Records the child processes started while it runs, including those that have already exited
 * (liveChildren() only lists the ones still running). Use it to check that importing a module
 * starts nothing, how many children run at once, and which pids must be gone afterwards.
 */
export function recordChildren(): ChildRecording {
  const children: ChildProcessModule.ChildProcess[] = [];
  const stop = observeChildren((child) => children.push(child));
  return { children, stop };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
