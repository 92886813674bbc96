import { type CaseTable, runCaseTable } from './case-table';
import { decodeCaseValue, encodeCaseValue, showValue } from './case-values';

test('the values JSON cannot hold come back as themselves', () => {
  const value = { a: [undefined, NaN, -0, Infinity, -Infinity, 0, null, '', false], b: { c: -0 } };
  const stored = JSON.parse(JSON.stringify(encodeCaseValue(value)));
  expect(decodeCaseValue(stored)).toStrictEqual(value);
  expect(Object.is((decodeCaseValue(stored) as typeof value).b.c, -0)).toBe(true);
  expect(() => encodeCaseValue({ f: () => 1 })).toThrow('data only');
});

test('values are shown as a student writes them', () => {
  expect(showValue([undefined, -0, NaN, 'x', { a: 1 }, {}])).toBe(
    "[undefined, -0, NaN, 'x', { a: 1 }, {}]",
  );
});

const table: CaseTable = {
  test: 'doubles',
  seed: 1,
  generator: 'solutions/x/cases/doubles.ts',
  cases: [
    { kind: 'an empty list', size: 0, input: [], expected: [] },
    { kind: 'a single number', size: 1, input: [{ $: '-0' }], expected: [{ $: '-0' }] },
    { kind: 'several numbers', size: 3, input: [1, 2, 3], expected: [2, 4, 6] },
  ],
};
const describe = (input: number[]) => `double([${input.map(showValue).join(', ')}])`;

test('the smallest failing case is reported, with its kind first', async () => {
  const wrong = (input: number[]) => input.map((n) => (n > 1 ? n * 2 + 1 : n * 2));
  const failure = runCaseTable<number[], number[]>(table, {
    describe,
    run: (input, expected) => expect(wrong(input)).toStrictEqual(expected),
  });
  await expect(failure).rejects.toThrow(
    /^Fails for several numbers\.\n\nThe smallest failing case \(3 of 3 generated, smallest first\): double\(\[1, 2, 3\]\)\n\nexpect\(received\)/,
  );
});

test('every case runs when none fails; -0 is not 0', async () => {
  const seen: number[][] = [];
  await runCaseTable<number[], number[]>(table, {
    describe,
    run: (input, expected) => {
      seen.push(input);
      expect(input.map((n) => n * 2)).toStrictEqual(expected);
    },
  });
  expect(seen).toHaveLength(3);
  const dropsSign = runCaseTable<number[], number[]>(table, {
    describe,
    run: (input, expected) => expect(input.map((n) => Math.abs(n * 2))).toStrictEqual(expected),
  });
  await expect(dropsSign).rejects.toThrow(/^Fails for a single number\./);
});

test('a table with no case fails instead of passing with nothing checked', async () => {
  await expect(
    runCaseTable({ ...table, cases: [] }, { describe, run: () => undefined }),
  ).rejects.toThrow('has no case');
});

test('cases run up to atOnce at a time, and the first failing one in table order is reported', async () => {
  let running = 0;
  let most = 0;
  const settled: number[] = [];
  const delayMs = [0, 40, 10];
  const failure = runCaseTable<number[], number[]>(table, {
    describe,
    atOnce: 2,
    run: async (input, expected) => {
      running++;
      most = Math.max(most, running);
      // The third case fails before the second does: the second is the one reported.
      await new Promise((resolve) =>
        setTimeout(resolve, delayMs[input.length === 3 ? 2 : input.length]),
      );
      running--;
      settled.push(input.length);
      expect(input.length ? [NaN] : []).toStrictEqual(expected);
    },
  });
  await expect(failure).rejects.toThrow(/^Fails for a single number\./);
  expect({ most, settled }).toEqual({ most: 2, settled: [0, 3, 1] });
});
