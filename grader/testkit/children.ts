import type * as ChildProcessModule from 'child_process';

// The real module object (an `import *` would give a frozen copy that cannot be patched); code
// under test reads `child_process.fork` when it calls it, so a patch here sees every child.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('child_process') as typeof ChildProcessModule;

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
 * Only one recording may be in progress at a time.
 */
export function recordChildren(): ChildRecording {
  const children: ChildProcessModule.ChildProcess[] = [];
  const originals = { fork: childProcess.fork, spawn: childProcess.spawn };
  for (const name of ['fork', 'spawn'] as const) {
    const original = originals[name] as (...args: unknown[]) => ChildProcessModule.ChildProcess;
    (childProcess as Record<string, unknown>)[name] = function recordedChild(...args: unknown[]) {
      const child = original.apply(childProcess, args);
      children.push(child);
      return child;
    };
  }
  return {
    children,
    stop() {
      Object.assign(childProcess, originals);
    },
  };
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
