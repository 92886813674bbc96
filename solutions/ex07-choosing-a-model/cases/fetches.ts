import fc from 'fast-check';
import { withFakeClock } from '../../../grader/verify/authoring-clock';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import {
  type FetchCase,
  type FetchOutcome,
  playFetchCase,
} from '../../../exercises/ex07-choosing-a-model/hidden/fetch-case';
import { fetchAll } from '../choose';

// Generated fetchAll calls on a fake clock: no ids, one id, repeated ids (each fetched again, its
// item kept at every place), falsy items, limits of 1, of the number of ids and above it, fetches
// of unequal length (a slot freed early must be used at once) and a failure in any position.

const ITEMS = ['page', 0, '', null, undefined, false, 2147483647];

const edges: FetchCase[] = [
  { ids: [], items: {}, delaysMs: [10], failAt: [], limit: 1 },
  { ids: [], items: {}, delaysMs: [10], failAt: [], limit: 3 },
  { ids: ['a'], items: { a: 0 }, delaysMs: [10], failAt: [], limit: 1 },
  { ids: ['a', 'a', 'a'], items: { a: 'same' }, delaysMs: [10, 30, 20], failAt: [], limit: 2 },
  {
    ids: ['a', 'b', 'a'],
    items: { a: undefined, b: '' },
    delaysMs: [30, 10, 10],
    failAt: [],
    limit: 3,
  },
  {
    ids: ['a', 'b', 'c', 'd'],
    items: { a: 1, b: 2, c: 3, d: 4 },
    delaysMs: [100, 10, 10, 10],
    failAt: [],
    limit: 2,
  },
  { ids: ['a', 'b', 'c'], items: { a: 1, b: 2, c: 3 }, delaysMs: [10], failAt: [], limit: 5 },
  {
    ids: ['a', 'b', 'c'],
    items: { a: 1, b: 2, c: 3 },
    delaysMs: [30, 10, 20],
    failAt: [2],
    limit: 1,
  },
  {
    ids: ['a', 'b', 'c'],
    items: { a: 1, b: 2, c: 3 },
    delaysMs: [30, 10, 20],
    failAt: [0],
    limit: 3,
  },
  { ids: ['', 'x'], items: { '': 'empty id', x: null }, delaysMs: [5], failAt: [], limit: 1 },
];

const arbitrary: fc.Arbitrary<FetchCase> = fc
  .record({
    ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 7 }),
    values: fc.array(fc.constantFrom(...ITEMS), { minLength: 5, maxLength: 5 }),
    delaysMs: fc.array(fc.constantFrom(0, 10, 25, 100), { minLength: 1, maxLength: 4 }),
    failAt: fc.oneof(
      { arbitrary: fc.constant<number[]>([]), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 6 }).map((k) => [k]), weight: 1 },
    ),
    limit: fc.constantFrom(1, 2, 3, 8),
  })
  .map(({ ids, values, delaysMs, failAt, limit }) => ({
    ids,
    items: Object.fromEntries([...new Set(ids)].map((id) => [id, values['abcd'.indexOf(id) + 1]])),
    delaysMs,
    failAt: failAt.filter((k) => k < ids.length),
    limit,
  }));

function kind({ ids, failAt, limit, items }: FetchCase): string {
  if (ids.length === 0) return 'no ids at all';
  if (ids.length === 1) return 'a single id';
  if (failAt.length) return 'a fetch that fails';
  if (new Set(ids).size < ids.length) return 'repeated ids';
  if (Object.values(items).some((item) => !item)) return 'items that are falsy';
  return limit < ids.length ? 'more ids than the limit' : 'no more ids than the limit';
}

const spec: CaseTableSpec<FetchCase, FetchOutcome> = {
  test: 'fetchAll fetches every id once per entry, keeps the limit busy and orders the items, on generated calls',
  seed: 2977,
  edges,
  generated: { arbitrary, count: 80 },
  kind,
  size: ({ ids, failAt }) => ids.length + failAt.length,
  expected: (input) => withFakeClock((clock) => playFetchCase(input, fetchAll as never, clock)),
};

export default spec;
