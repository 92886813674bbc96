import { spawnSync } from 'child_process';
import { LIMITS } from './limits';

// The memory cap that the kernel enforces: RLIMIT_DATA on every process of the test tree (set with
// util-linux's `prlimit` around the test process, inherited by each worker, child and the sandbox
// inside). It counts writable private memory (V8's heaps once committed, Buffers, malloc), not
// address space reserved without access: RLIMIT_AS would stop V8, which reserves gigabytes for its
// pointer cage, before anything starts. A process that passes it gets an allocation failure at
// once ("Array buffer allocation failed", V8's "out of memory"), where the sampled watchdog
// (jest-attempt.ts) could miss a burst between two samples. Graded code cannot raise it: Node has
// no setrlimit, children are Node only (runtime/child-guard.js), and raising a hard limit takes a
// capability the sandbox drops.

export interface Command {
  command: string;
  args: string[];
}

/** Per process: a single process may hold the whole job's share, never more. */
export const DATA_LIMIT_BYTES = LIMITS.jobMemoryBytes;

let prlimit: string | null | undefined;
/** util-linux's prlimit, when this machine has one that runs (Linux; probed once). */
export function prlimitPath(): string | null {
  if (prlimit !== undefined) return prlimit;
  prlimit = null;
  if (process.platform !== 'linux') return prlimit;
  for (const candidate of ['/usr/bin/prlimit', '/bin/prlimit']) {
    const trial = spawnSync(candidate, [`--data=${DATA_LIMIT_BYTES}`, '--', 'true'], {
      timeout: 5000,
    });
    if (trial.status === 0) return (prlimit = candidate);
  }
  return prlimit;
}

/** `command` under the data limit, or as it was where the machine has no prlimit. */
export function underDataLimit(command: Command): Command {
  const tool = prlimitPath();
  if (!tool) return command;
  return {
    command: tool,
    args: [`--data=${DATA_LIMIT_BYTES}`, '--', command.command, ...command.args],
  };
}
