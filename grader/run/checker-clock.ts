import { LIMITS } from './limits';
import { treeUsage } from './tree-usage';

/** The reason a type-checker gives when it ran past its time on a request. */
export const CHECKER_OUT_OF_TIME = `the type-checker ran out of time (${LIMITS.typecheckMs / 1000} s) on this code`;

/**
 * The time a type-checker process has used on one request, from now. The limit is CPU time where
 * /proc tells it: on a machine busy with other work an honest file can wait longer than the limit
 * for a core, and that is not the code's fault. The wall clock is the backstop (and the limit
 * where CPU time cannot be read, or the pid is not known yet).
 */
export function checkerClock(pid: number | undefined): { outOfTime(): boolean } {
  const cpuAtStart = pid === undefined ? undefined : treeUsage(pid)?.cpuMs;
  const started = Date.now();
  return {
    outOfTime() {
      const wall = Date.now() - started;
      const cpu = cpuAtStart === undefined ? undefined : treeUsage(pid!)?.cpuMs;
      if (cpu === undefined || cpuAtStart === undefined) return wall >= LIMITS.typecheckMs;
      return (
        cpu - cpuAtStart >= LIMITS.typecheckMs ||
        wall >= LIMITS.typecheckMs * LIMITS.typecheckWallFactor
      );
    },
  };
}
