import type { Equivalent } from './equivalents';
import type { LocatedMutant, MutantStatus } from './report';
import { formatTable, scoreRow, survivorLines } from './table';

const mutant = (status: MutantStatus, line: number, original = 'a < b'): LocatedMutant => ({
  path: 'solutions/ex03-race-and-lock/mutex.ts',
  file: 'mutex.ts',
  line,
  mutator: 'EqualityOperator',
  original,
  replacement: 'a <= b',
  status,
});

const equivalentAt = (line: number): Equivalent => ({
  mutator: 'EqualityOperator',
  file: 'mutex.ts',
  line,
  original: 'a < b',
  replacement: 'a <= b',
  why: 'a and b are never equal here',
});

const sample = [
  mutant('Killed', 1),
  mutant('Killed', 2),
  mutant('Timeout', 3),
  mutant('Survived', 4),
  mutant('NoCoverage', 5),
  mutant('CompileError', 6),
  mutant('RuntimeError', 7),
  mutant('Ignored', 8),
];

test('the score counts timed out as killed and leaves out invalid and ignored mutants', () => {
  expect(scoreRow('ex03', sample, [])).toEqual({
    exercise: 'ex03',
    mutants: 5,
    killed: 2,
    timedOut: 1,
    survived: 1,
    noCoverage: 1,
    invalid: 2,
    equivalent: 0,
    score: 60,
  });
});

test('listed equivalents that went undetected are taken out of the score', () => {
  const row = scoreRow('ex03', sample, [equivalentAt(4), equivalentAt(5)]);
  expect(row.equivalent).toBe(2);
  expect(row.score).toBe(100);
});

test('a listed equivalent that a test killed is not subtracted (validate reports it)', () => {
  const row = scoreRow('ex03', sample, [equivalentAt(1)]);
  expect(row.equivalent).toBe(0);
  expect(row.score).toBe(60);
});

test('an equivalent must match the mutant exactly, text and all', () => {
  const other = { ...equivalentAt(4), replacement: 'a > b' };
  expect(scoreRow('ex03', sample, [other]).equivalent).toBe(0);
});

test('an exercise with nothing to score has no score rather than 0% or 100%', () => {
  expect(scoreRow('ex01', [mutant('CompileError', 1)], []).score).toBeNull();
});

test('the score is rounded to one decimal', () => {
  const mutants = [mutant('Killed', 1), mutant('Killed', 2), mutant('Survived', 3)];
  expect(scoreRow('ex01', mutants, []).score).toBe(66.7);
});

test('the table has one aligned line per exercise under a header', () => {
  const text = formatTable([
    scoreRow('ex03', sample, []),
    scoreRow('ex01', [mutant('CompileError', 1)], []),
  ]);
  const lines = text.split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(
    /^exercise\s+mutants\s+killed\s+timed out\s+survived\s+no coverage\s+equivalent\s+invalid\s+score$/,
  );
  expect(lines[1].split(/\s+/)).toEqual(['ex03', '5', '2', '1', '1', '1', '0', '2', '60.0%']);
  expect(lines[2].split(/\s+/)).toEqual(['ex01', '0', '0', '0', '0', '0', '0', '1', '-']);
  expect(new Set(lines.map((line) => line.length)).size).toBe(1);
});

test('survivors list the undetected mutants not listed as equivalent, in file order, on one line each', () => {
  const multiLine = mutant('Survived', 9, 'if (a) {\n  b();\n}');
  expect(survivorLines([...sample, multiLine].reverse(), [equivalentAt(5)])).toEqual([
    'solutions/ex03-race-and-lock/mutex.ts:4  Survived  EqualityOperator  a < b -> a <= b',
    'solutions/ex03-race-and-lock/mutex.ts:9  Survived  EqualityOperator  if (a) { b(); } -> a <= b',
  ]);
});
