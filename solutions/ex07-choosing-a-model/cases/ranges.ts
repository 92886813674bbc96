import fc from 'fast-check';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import {
  type RangeCall,
  type RangeOutcome,
  playRangeCall,
} from '../../../exercises/ex07-choosing-a-model/hidden/range-case';
import * as reference from '../choose';

// Generated calls of splitRange, countPrimesInRange and countPrimesBelow: empty, single and
// reversed ranges, more parts than numbers, negative bounds, primes at both ends of a range and
// as n itself, the numbers around 2^31, and the outcome the reference gives for each.

const PRIMES = [2, 3, 5, 7, 11, 13, 97, 997, 7919];
const LARGE = 2147483647; // 2^31 - 1, a prime

const split = (from: number, to: number, parts: number): RangeCall => ({
  fn: 'splitRange',
  from,
  to,
  parts,
});
const inRange = (from: number, to: number): RangeCall => ({ fn: 'countPrimesInRange', from, to });
const below = (n: number): RangeCall => ({ fn: 'countPrimesBelow', n });

const edges: RangeCall[] = [
  split(0, 0, 1),
  split(0, 0, 4),
  split(7, 7, 2),
  split(0, 1, 1),
  split(0, 1, 4),
  split(0, 10, 1),
  split(0, 10, 3),
  split(0, 10, 4),
  split(0, 10, 10),
  split(0, 10, 11),
  split(3, 4, 2),
  split(-5, 5, 3),
  split(-10, -3, 2),
  split(10, 5, 2),
  split(0, 12, 5),
  split(1, 100, 7),
  split(LARGE - 10, LARGE, 3),
  split(-2147483648, -2147483640, 3),
  split(0, 100, 99),
  split(0, 100, 101),
  split(0, 1000, 8),
  ...PRIMES.flatMap((p) => [inRange(p, p + 1), inRange(p - 1, p), inRange(p, p), inRange(0, p)]),
  inRange(0, 0),
  inRange(0, 2),
  inRange(0, 3),
  inRange(-10, 3),
  inRange(-10, -1),
  inRange(10, 5),
  inRange(14, 17),
  inRange(LARGE - 20, LARGE),
  inRange(LARGE - 20, LARGE + 1),
  ...PRIMES.flatMap((p) => [below(p), below(p + 1)]),
  below(0),
  below(1),
  below(-1),
  below(4),
  below(100),
  below(1000),
];

const range = fc.tuple(fc.integer({ min: -20, max: 400 }), fc.integer({ min: 0, max: 60 }));
const arbitrary: fc.Arbitrary<RangeCall> = fc.oneof(
  range.chain(([from, length]) =>
    fc.integer({ min: 1, max: 12 }).map((parts) => split(from, from + length, parts)),
  ),
  range.map(([from, length]) => inRange(from, from + length)),
  fc.integer({ min: -3, max: 2000 }).map(below),
);

function kind(call: RangeCall): string {
  if (call.fn === 'splitRange') {
    const length = call.to - call.from;
    if (length <= 0) return 'splitRange of an empty or reversed range';
    if (Math.abs(call.from) > 1e9 || Math.abs(call.to) > 1e9)
      return 'splitRange near the 32-bit limits';
    if (call.parts >= length) return 'splitRange into as many parts as numbers, or more';
    if (call.from < 0) return 'splitRange of a range with negative numbers';
    if (length % call.parts !== 0) return 'splitRange whose parts cannot all be the same size';
    return 'splitRange into parts of equal size';
  }
  if (call.fn === 'countPrimesInRange') {
    if (call.to <= call.from) return 'countPrimesInRange of an empty or reversed range';
    if (call.from > 1e9) return 'countPrimesInRange near 2^31';
    if (reference.isPrime(call.from) || reference.isPrime(call.to))
      return 'countPrimesInRange with a prime at one end of the range';
    if (call.from < 2) return 'countPrimesInRange starting below 2';
    return 'countPrimesInRange of a range of composite ends';
  }
  if (call.n <= 2) return 'countPrimesBelow of a number up to 2';
  if (reference.isPrime(call.n)) return 'countPrimesBelow of a prime n';
  if (reference.isPrime(call.n - 1)) return 'countPrimesBelow of the number just after a prime';
  return 'countPrimesBelow of a composite n';
}

const spec: CaseTableSpec<RangeCall, RangeOutcome> = {
  test: 'splitRange and the prime counts give the expected answers on generated ranges',
  seed: 2907,
  edges,
  generated: { arbitrary, count: 200 },
  kind,
  size: (call) =>
    call.fn === 'countPrimesBelow'
      ? Math.abs(call.n)
      : Math.min(Math.abs(call.to - call.from), 1e6) + (call.fn === 'splitRange' ? call.parts : 0),
  expected: (call) => playRangeCall(call, reference),
};

export default spec;
