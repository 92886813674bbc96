import fc from 'fast-check';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import { EDGE_VALUES, INT32_MAX, INT32_MIN } from '../../../grader/verify/edge-values';
import {
  type LockCall,
  type LockCase,
  type LockOutcome,
  type Section,
  playLockCase,
} from '../../../exercises/ex03-race-and-lock/hidden/lock-case';
import { countWithLock, countWithoutLock } from '../counter';
import { Mutex } from '../mutex';

// Generated calls from one thread on one or two locks: unlock of a free lock (refused, the buffer
// unchanged) before and after a lock, a Mutex made on a held lock's buffer, unlock through another
// object, withLock sections that return or throw falsy values, Errors and the 32-bit limits, or
// call the other lock inside, and counts of 0, 1 and more on counters at 0, -1 and the limits
// (2^31 - 1 wraps round). Each outcome is the reference's, computed here at authoring time.

const VALUES = [...EDGE_VALUES, 'x'];
const STARTS = [0, -1, 1, INT32_MIN, INT32_MAX];
const TIMES = [0, 1, 3, 1000];

interface Choice {
  what: 'attach' | 'lock' | 'unlock' | 'withLock' | 'countWithoutLock' | 'countWithLock';
  mutex: number;
  value: unknown;
  section: 'returns' | 'throws' | 'throwsError' | 'calls';
  start: number;
  times: number;
}

/**
 * Turns choices into calls that never wait on a correct lock: lock, withLock and countWithLock
 * only on a free lock, and a section's calls only on a lock no enclosing section holds.
 */
function callsFor(locks: number, choices: Choice[]): LockCall[] {
  const bufferOf = Array.from({ length: locks }, (_, i) => i);
  const held = Array.from({ length: locks }, () => false);
  const build = (chosen: Choice[], busy: number[]): LockCall[] => {
    const calls: LockCall[] = [];
    for (let i = 0; i < chosen.length; i++) {
      const choice = chosen[i];
      const free = bufferOf
        .map((buffer, mutex) => ({ buffer, mutex }))
        .filter(({ buffer }) => !busy.includes(buffer));
      if (free.length === 0) break;
      const { mutex, buffer } = free[choice.mutex % free.length];
      if (choice.what === 'countWithoutLock')
        calls.push({ call: 'countWithoutLock', start: choice.start, times: choice.times });
      else if (choice.what === 'attach') {
        calls.push({ call: 'attach', mutex });
        bufferOf.push(buffer);
      } else if (choice.what === 'unlock' || held[buffer]) {
        calls.push({ call: 'unlock', mutex });
        held[buffer] = false;
      } else if (choice.what === 'lock') {
        calls.push({ call: 'lock', mutex });
        held[buffer] = true;
      } else if (choice.what === 'countWithLock') {
        calls.push({ call: 'countWithLock', start: choice.start, times: choice.times, mutex });
        calls.push({ call: 'unlock', mutex }); // refused: the count left the lock free
      } else {
        let section: Section;
        if (choice.section === 'calls') {
          const inner = chosen.splice(i + 1, 2);
          section = { calls: build(inner, [...busy, buffer]) };
        } else if (choice.section === 'throwsError') section = { throwsError: 'from the section' };
        else section = { [choice.section]: choice.value } as Section;
        calls.push({ call: 'withLock', mutex, section });
        // Refused after a section that threw: withLock freed the lock all the same.
        if ('throws' in section || 'throwsError' in section) calls.push({ call: 'unlock', mutex });
      }
    }
    return calls;
  };
  return build([...choices], []);
}

const choice: fc.Arbitrary<Choice> = fc.record({
  what: fc.constantFrom<Choice['what']>(
    'attach',
    'lock',
    'unlock',
    'unlock',
    'withLock',
    'withLock',
    'countWithoutLock',
    'countWithLock',
  ),
  mutex: fc.integer({ min: 0, max: 5 }),
  value: fc.constantFrom(...VALUES),
  section: fc.constantFrom<Choice['section']>('returns', 'throws', 'throwsError', 'calls'),
  start: fc.constantFrom(...STARTS),
  times: fc.constantFrom(...TIMES),
});

const arbitrary: fc.Arbitrary<LockCase> = fc
  .tuple(fc.constantFrom<1 | 2>(1, 2), fc.array(choice, { minLength: 1, maxLength: 10 }))
  .map(([locks, choices]) => ({ locks, calls: callsFor(locks, choices) }));

const edges: LockCase[] = [
  { locks: 1, calls: [{ call: 'unlock', mutex: 0 }] },
  {
    locks: 1,
    calls: [
      { call: 'unlock', mutex: 0 },
      { call: 'lock', mutex: 0 },
      { call: 'unlock', mutex: 0 },
      { call: 'unlock', mutex: 0 },
    ],
  },
  {
    locks: 1,
    calls: [
      { call: 'lock', mutex: 0 },
      { call: 'attach', mutex: 0 },
      { call: 'unlock', mutex: 1 },
      { call: 'unlock', mutex: 0 },
    ],
  },
  ...VALUES.map((value) => ({
    locks: 1 as const,
    calls: [
      { call: 'withLock' as const, mutex: 0, section: { throws: value } },
      { call: 'unlock' as const, mutex: 0 },
      { call: 'withLock' as const, mutex: 0, section: { returns: value } },
    ],
  })),
  {
    locks: 1,
    calls: [
      { call: 'withLock', mutex: 0, section: { throwsError: 'boom' } },
      { call: 'unlock', mutex: 0 },
      { call: 'lock', mutex: 0 },
      { call: 'unlock', mutex: 0 },
    ],
  },
  ...STARTS.flatMap((start) =>
    [0, 1].map((times) => ({
      locks: 1 as const,
      calls: [
        { call: 'countWithoutLock' as const, start, times },
        { call: 'countWithLock' as const, start, times, mutex: 0 },
        { call: 'unlock' as const, mutex: 0 },
      ],
    })),
  ),
  {
    locks: 2,
    calls: [
      {
        call: 'withLock',
        mutex: 0,
        section: {
          calls: [
            { call: 'withLock', mutex: 1, section: { throws: 0 } },
            { call: 'unlock', mutex: 1 },
            { call: 'countWithLock', start: 0, times: 3, mutex: 1 },
            { call: 'unlock', mutex: 1 },
          ],
        },
      },
      { call: 'unlock', mutex: 0 },
      { call: 'lock', mutex: 1 },
      { call: 'withLock', mutex: 0, section: { returns: 'other lock free' } },
    ],
  },
];

const countCalls = (calls: LockCall[]): number =>
  calls.reduce(
    (sum, call) =>
      sum +
      1 +
      (call.call === 'withLock' && 'calls' in call.section ? countCalls(call.section.calls) : 0),
    0,
  );

function kind({ locks, calls }: LockCase): string {
  const all = (list: LockCall[]): LockCall[] =>
    list.flatMap((call) =>
      call.call === 'withLock' && 'calls' in call.section
        ? [call, ...all(call.section.calls)]
        : [call],
    );
  const flat = all(calls);
  const counts = flat.filter((call) => 'times' in call);
  if (flat.length === 1 && flat[0].call === 'unlock') return 'an unlock of a free lock';
  if (counts.length === flat.filter((call) => call.call !== 'unlock').length)
    return counts.some((call) => call.times === 0)
      ? 'a count of 0 times'
      : 'a count on a counter at 0, -1 or a 32-bit limit';
  if (flat.some((call) => call.call === 'withLock' && 'calls' in call.section))
    return 'calls on one lock made inside a withLock section of the other';
  if (flat.some((call) => call.call === 'withLock' && !('returns' in call.section)))
    return 'a withLock section that throws';
  if (flat.some((call) => call.call === 'attach'))
    return 'a second Mutex made on the buffer along the way, maybe while it is held';
  if (locks === 2) return 'two locks used in turn';
  return 'lock, unlock and withLock in turn';
}

const spec: CaseTableSpec<LockCase, LockOutcome> = {
  test: 'the lock and the counts give the expected answers on generated calls from one thread',
  seed: 2903,
  edges,
  generated: { arbitrary, count: 120 },
  kind,
  size: ({ locks, calls }) => locks - 1 + countCalls(calls),
  expected: (input) => playLockCase(input, { Mutex, countWithoutLock, countWithLock } as never),
};

export default spec;
