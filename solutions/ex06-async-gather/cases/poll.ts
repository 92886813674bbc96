import fc from 'fast-check';
import { withFakeClock } from '../../../grader/verify/authoring-clock';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import {
  type PollCase,
  type PollOutcome,
  type Step,
  playPollCase,
} from '../../../exercises/ex06-async-gather/hidden/timed-case';
import { poll } from '../gather';

// Generated polls on a fake clock: an answer at the first check or a later one, falsy answers,
// checks that never answer (with deadlines that are, or are not, a multiple of the interval, far
// longer than a plausible give-up), async checks slower than the deadline, checks that throw at
// any call (falsy reasons too). Each outcome (when each check ran, when and how poll settled,
// timers left behind) is the reference's.

const ANSWERS = [0, -0, NaN, null, '', false, 'ready', 2147483647];

const now = (value: unknown): Step => ({ value });
const after = (ms: number, value: unknown): Step => ({ ms, value });
const throws = (value: unknown, ms?: number): Step =>
  ms === undefined ? { fails: true, value } : { ms, fails: true, value };
const not = now(undefined);
const pollOf = (checks: Step[], intervalMs: number, timeoutMs: number): PollCase => ({
  checks,
  intervalMs,
  timeoutMs,
});

const edges: PollCase[] = [
  pollOf([now(0)], 100, 1000),
  pollOf([now(false)], 100, 0),
  pollOf([], 300, 1000),
  pollOf([], 300, 900),
  pollOf([], 100, 0),
  pollOf([], 1000, 1),
  pollOf([], 2000, 1000),
  pollOf([not, not, now(null)], 300, 1000),
  pollOf([not, not, not, not], 300, 1000),
  pollOf([after(250, undefined), after(250, undefined), after(250, 'late')], 100, 10_000),
  pollOf([after(1500, 'slow')], 100, 1000),
  pollOf([after(1500, undefined)], 100, 1000),
  pollOf([throws({ error: 'broken' })], 100, 1000),
  pollOf([not, not, throws(undefined)], 100, 1000),
  pollOf([not, throws(0, 50)], 100, 1000),
  pollOf([...Array.from({ length: 9 }, () => not), now('at last')], 60_000, 600_000),
  pollOf([], 60_000, 600_000),
];

const check: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant(not), weight: 6 },
  { arbitrary: fc.constantFrom(...ANSWERS).map(now), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(10, 100, 400), fc.constantFrom(undefined, undefined, ...ANSWERS))
      .map(([ms, value]) => after(ms, value)),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom({ error: 'broken' }, undefined).map((value) => throws(value)),
    weight: 1,
  },
);
const arbitrary: fc.Arbitrary<PollCase> = fc.record({
  checks: fc.array(check, { maxLength: 6 }),
  intervalMs: fc.constantFrom(1, 50, 100, 300, 1000),
  timeoutMs: fc.constantFrom(0, 1, 100, 250, 1000, 1200, 5000),
});

function kind({ checks, intervalMs, timeoutMs }: PollCase): string {
  const first = checks.findIndex((step) => step.fails || step.value !== undefined);
  if (first === 0)
    return checks[0].fails ? 'a check that throws at once' : 'an answer at the first check';
  if (timeoutMs >= 60_000) return 'a deadline minutes away';
  if (checks.some((step) => (step.ms ?? 0) > timeoutMs))
    return 'an async check slower than the deadline';
  if (first > 0 && checks[first].fails) return 'a check that throws after some "not yet"s';
  if (first > 0) return 'an answer after some "not yet"s';
  if (timeoutMs % intervalMs !== 0)
    return 'no answer, a deadline that is not a multiple of the interval';
  return 'no answer before the deadline';
}

const spec: CaseTableSpec<PollCase, PollOutcome> = {
  test: 'poll answers, gives up and checks at the expected times on generated checks',
  seed: 2961,
  edges,
  generated: { arbitrary, count: 70 },
  kind,
  size: ({ checks, timeoutMs }) => checks.length + Math.log10(1 + timeoutMs),
  expected: (input) => withFakeClock((clock) => playPollCase(input, poll as never, clock)),
  // "If a check is still running at that moment, poll may wait for its answer first": a check
  // in flight at the deadline (or answering at it) has two correct outcomes, so it is left out.
  keep: ({ checks, timeoutMs }, { checkedAt }) =>
    !checkedAt.some((at, index) => {
      const ms = checks[index]?.ms;
      return ms !== undefined && at <= timeoutMs && at + ms >= timeoutMs;
    }),
};

export default spec;
