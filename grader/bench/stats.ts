/** The middle value (the mean of the two middle ones for an even count): robust to one slow run. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** How many times `floor` the measured value is; undefined when the floor is not positive. */
export function ratio(value: number, floor: number): number | undefined {
  return floor > 0 ? value / floor : undefined;
}

/**
 * The most any grader can gain over a baseline of `baselineMs` when the class holds `hangs`
 * submissions that never finish loading: however it schedules them, it cannot be done before one
 * of them has used up its load limit. Undefined without hangs (nothing bounds the ratio then).
 */
export function ceilingSpeedup(
  baselineMs: number,
  hangs: number,
  limitMs: number,
): number | undefined {
  return hangs > 0 ? ratio(baselineMs, limitMs) : undefined;
}

/** Submissions graded per minute, from how many and how long they took in all. */
export function perMinute(count: number, ms: number): number {
  if (ms <= 0) throw new Error(`a run of ${count} took ${ms} ms`);
  return (count * 60_000) / ms;
}

/**
 * The time a whole class would take, from one measured time per kind of submission and how many
 * of each kind the class holds: what a sampled baseline is extrapolated with.
 */
export function extrapolate(
  msPerKind: Readonly<Record<string, number>>,
  countPerKind: Readonly<Record<string, number>>,
): number {
  let total = 0;
  for (const [kind, count] of Object.entries(countPerKind)) {
    if (count === 0) continue;
    const ms = msPerKind[kind];
    if (ms === undefined) throw new Error(`no sample of "${kind}" submissions to extrapolate from`);
    total += ms * count;
  }
  return total;
}
