// Runs groups of tests run after run on a few lanes without waiting at the end of each run for
// the slowest group. A group's next run depends only on its own last one (the grading policy
// repeats a test that passed, and only that test's own runs decide it), so a lane that is free
// while another group still finishes its first run can start a group's second run already. Of the
// runs that are ready, a free lane takes the earliest run first (every group's first run before
// any second run), then the earliest group: with one lane this is run after run, group by group.

export interface RoundsOptions {
  /**
   * Asked before a group's second or later run starts (it may wait, for example for the
   * type-check): false ends the group with the runs it has.
   */
  mayStart?: (run: number) => boolean | Promise<boolean>;
  /**
   * Told once every group has ended its run `run` (0 first) or has no more runs, in the order of
   * the runs, for every run that started at least once.
   */
  onRunDone?: (run: number) => void;
}

/**
 * `work(group, run)` runs a group's run (0 first) and says whether the group has another run due.
 * Resolves once every group has ended; a failing run stops new runs from starting and is thrown
 * once the runs under way have ended.
 */
export async function runInRounds<G>(
  groups: readonly G[],
  lanes: number,
  work: (group: G, run: number) => Promise<boolean>,
  options: RoundsOptions = {},
): Promise<void> {
  /** Each group's next run (or the one under way); Infinity once it has no more. */
  const next = groups.map(() => 0);
  const ready = new Set(groups.keys());
  const runsStarted: number[] = [];
  let running = 0;
  let reported = 0;
  let failure: { error: unknown } | undefined;
  let wake: () => void = () => undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const signalChange = () => {
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  const takeReady = (): number | undefined => {
    let best: number | undefined;
    for (const group of ready)
      if (
        best === undefined ||
        next[group] < next[best] ||
        (next[group] === next[best] && group < best)
      )
        best = group;
    if (best !== undefined) ready.delete(best);
    return best;
  };
  const reportDone = () => {
    const earliestOpen = Math.min(...next);
    // Not `onRunDone?.(reported++)`: an absent callback would skip the increment with the call.
    for (; reported < runsStarted.length && reported < earliestOpen; reported++)
      options.onRunDone?.(reported);
  };
  const lane = async (): Promise<void> => {
    for (;;) {
      const group = failure ? undefined : takeReady();
      if (group === undefined) {
        if (running === 0) return;
        await changed;
        continue;
      }
      const run = next[group];
      running++;
      try {
        const allowed = run === 0 || (options.mayStart ? await options.mayStart(run) : true);
        if (allowed) runsStarted[run] = (runsStarted[run] ?? 0) + 1;
        const more = allowed && (await work(groups[group], run));
        next[group] = more ? run + 1 : Infinity;
        if (more) ready.add(group);
      } catch (error) {
        failure ??= { error };
        next[group] = Infinity;
      } finally {
        running--;
        if (!failure) reportDone();
        signalChange();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  if (failure) throw failure.error;
}
