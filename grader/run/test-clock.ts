import type { JestEvent } from '../jest/channel';

/**
 * A result with this status decides its test (attempt-verdicts.ts): jest's reporter never gives a
 * started test any other, and a test declared skipped never starts.
 */
export const decidesTest = (status: string): boolean =>
  status !== 'pending' && status !== 'skipped';

/**
 * Which planned test of an attempt is running and since when, and whether the run has said
 * anything new: what the watchdog times and blames (run/jest-attempt.ts).
 *
 * The reporter's events are not signed (it runs where graded code does), so graded code can write
 * one too. Only what the reporter says once counts: a planned test's first start, its first
 * verdict, the file's end, the end of the run. A start for a test nobody planned once became the
 * running test, which the watchdog then stopped at once as over its (unknown, so 0 ms) limit,
 * leaving the test that really ran undecided, to be run again in a fresh process: a test whose run
 * was going wrong could void that run and get another. A second start reset the clock, and any
 * line counted as loading progress, so a test or a load could outlast its limit.
 */
export class TestClock {
  /** Planned tests started and not decided, with when each started, the earliest first. */
  private readonly open = new Map<string, number>();
  private readonly seen = new Set<string>();

  constructor(private readonly planned: ReadonlySet<string>) {}

  /** Takes one event at `now`; true when it is news (progress), false when it repeats or is none. */
  take(event: JestEvent, now: number): boolean {
    if (event.type === 'start') {
      if (!this.planned.has(event.name) || !this.once(`start ${event.name}`)) return false;
      this.open.set(event.name, now);
      return true;
    }
    if (event.type === 'result') {
      if (!this.planned.has(event.name) || !decidesTest(event.status)) return false;
      this.open.delete(event.name);
      return this.once(`verdict ${event.name}`);
    }
    // jest reports the file's end after every verdict, and the run's end after the file's: a
    // `done` before them is graded code's. Believed, it got the process killed mid-test with that
    // test undecided, to be run again in a fresh process: a failing run voided itself (an ex06
    // copy right only in the first test of a process scored 43/45 in a check instead of 21/45).
    if (event.type === 'done' && (!this.seen.has('file') || this.open.size > 0)) return false;
    return this.once(event.type);
  }

  /** Whether the run's end came as jest reports it: after the file's end, with no test open. */
  finished(): boolean {
    return this.seen.has('done');
  }

  /**
   * The test to time and to blame: the earliest started of those not decided (jest runs one at a
   * time, so a start written for another test leaves the one that runs in place).
   */
  running(): { name: string; since: number } | undefined {
    for (const [name, since] of this.open) return { name, since };
    return undefined;
  }

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
