import fc from 'fast-check';
import { withFakeClock } from '../../../grader/verify/authoring-clock';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import {
  type PollAllCase,
  type PollAllOutcome,
  type Step,
  playPollAllCase,
} from '../../../exercises/ex06-async-gather/hidden/timed-case';
import { pollAll } from '../gather';

// Generated pollAll calls on a fake clock: no checks, one, more checks than the limit (a poll
// that starts late has its own whole timeoutMs, counted from its own start), polls that time out
// or throw while others still wait their turn, falsy answers. Outcomes are the reference's.

const not: Step = { value: undefined };
const answerAt = (call: number, value: unknown): Step[] => [
  ...Array.from({ length: call - 1 }, () => not),
  { value },
];
const never: Step[] = [];

const edges: PollAllCase[] = [
  { polls: [], intervalMs: 100, timeoutMs: 1000 },
  { polls: [answerAt(1, 0)], intervalMs: 100, timeoutMs: 1000 },
  { polls: [answerAt(3, 'a'), answerAt(1, 'b')], intervalMs: 100, timeoutMs: 1000, limit: 1 },
  { polls: [answerAt(8, 'a'), answerAt(8, 'b')], intervalMs: 100, timeoutMs: 1000, limit: 1 },
  {
    polls: [answerAt(6, 'a'), answerAt(9, null), answerAt(2, '')],
    intervalMs: 100,
    timeoutMs: 1000,
    limit: 2,
  },
  { polls: [answerAt(2, 'a'), never], intervalMs: 300, timeoutMs: 1000 },
  {
    polls: [answerAt(2, 'a'), never, answerAt(1, 'c')],
    intervalMs: 300,
    timeoutMs: 1000,
    limit: 1,
  },
  {
    polls: [[not, { fails: true, value: { error: 'broken' } }], answerAt(1, 1)],
    intervalMs: 100,
    timeoutMs: 1000,
    limit: 1,
  },
];

const poll: fc.Arbitrary<Step[]> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('x', 0, '', null, false))
    .map(([call, value]) => answerAt(call, value)),
  fc.constant(never),
  fc
    .integer({ min: 1, max: 4 })
    .map((call) => [
      ...answerAt(call, undefined).slice(0, -1),
      { fails: true, value: { error: 'broken' } },
    ]),
);
const arbitrary: fc.Arbitrary<PollAllCase> = fc
  .record({
    polls: fc.array(poll, { maxLength: 4 }),
    intervalMs: fc.constantFrom(100, 250),
    timeoutMs: fc.constantFrom(500, 1000),
    limit: fc.constantFrom(1, 2, undefined),
  })
  .map(({ limit, ...rest }) => (limit === undefined ? rest : { ...rest, limit }));

function kind({ polls, limit }: PollAllCase): string {
  if (polls.length === 0) return 'no checks at all';
  if (polls.length === 1) return 'a single check';
  if (limit !== undefined && limit < polls.length)
    return 'more checks than the limit (polls that start late)';
  return 'several checks, all polled at once';
}

const spec: CaseTableSpec<PollAllCase, PollAllOutcome> = {
  test: 'pollAll gives each poll its own turn and its own deadline, on generated checks',
  seed: 2962,
  edges,
  generated: { arbitrary, count: 50 },
  kind,
  size: ({ polls }) => polls.reduce((sum, steps) => sum + 1 + steps.length, 0),
  expected: (input) => withFakeClock((clock) => playPollAllCase(input, pollAll as never, clock)),
};

export default spec;
