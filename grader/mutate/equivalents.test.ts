import { Equivalent, equivalentAgainstReport, equivalentAgainstSource } from './equivalents';
import { locatedMutants, MutationReport, originalText } from './report';

const source = 'export function f(a: number, b: number) {\n  return a < b\n    ? 1 : 2;\n}\n';

const report: MutationReport = {
  schemaVersion: '2',
  files: {
    'solutions/ex09-demo/f.ts': {
      source,
      mutants: [
        {
          id: '1',
          mutatorName: 'EqualityOperator',
          replacement: 'a <= b',
          location: { start: { line: 2, column: 10 }, end: { line: 2, column: 15 } },
          status: 'Survived',
        },
        {
          id: '2',
          mutatorName: 'ConditionalExpression',
          replacement: 'true',
          location: { start: { line: 2, column: 10 }, end: { line: 3, column: 12 } },
          status: 'Killed',
        },
      ],
    },
  },
};

const listed: Equivalent = {
  mutator: 'EqualityOperator',
  file: 'f.ts',
  line: 2,
  original: 'a < b',
  replacement: 'a <= b',
  why: 'a and b are never equal here',
};

test('a mutant is quoted from the report source by its 1-based location, across lines too', () => {
  expect(originalText(source, report.files['solutions/ex09-demo/f.ts'].mutants[1].location)).toBe(
    'a < b\n    ? 1 : 2',
  );
  expect(locatedMutants(report)[0]).toEqual({
    path: 'solutions/ex09-demo/f.ts',
    file: 'f.ts',
    line: 2,
    mutator: 'EqualityOperator',
    original: 'a < b',
    replacement: 'a <= b',
    status: 'Survived',
  });
});

test('an equivalent that names a surviving mutant of the report holds', () => {
  expect(equivalentAgainstReport(listed, locatedMutants(report))).toBeUndefined();
});

test('an equivalent whose mutant is gone from the report is a problem', () => {
  const moved = { ...listed, line: 3 };
  expect(equivalentAgainstReport(moved, locatedMutants(report))).toEqual({
    rule: 'equivalent-exists',
    message: expect.stringContaining('f.ts:3'),
  });
  const otherText = { ...listed, original: 'a > b' };
  expect(equivalentAgainstReport(otherText, locatedMutants(report))?.rule).toBe(
    'equivalent-exists',
  );
});

test('an equivalent that a test killed is a problem: it is not equivalent', () => {
  const killed: Equivalent = {
    ...listed,
    mutator: 'ConditionalExpression',
    original: 'a < b\n    ? 1 : 2',
    replacement: 'true',
  };
  expect(equivalentAgainstReport(killed, locatedMutants(report))).toEqual({
    rule: 'equivalent-survives',
    message: expect.stringContaining('Killed'),
  });
});

test('without a report, the original text must start on the named line of the solution file', () => {
  expect(equivalentAgainstSource(listed, source)).toBeUndefined();
  expect(
    equivalentAgainstSource({ ...listed, original: 'a < b\n    ? 1' }, source),
  ).toBeUndefined();
  expect(equivalentAgainstSource({ ...listed, line: 1 }, source)?.rule).toBe(
    'equivalent-original-exists',
  );
  expect(equivalentAgainstSource({ ...listed, line: 3 }, source)?.rule).toBe(
    'equivalent-original-exists',
  );
  expect(equivalentAgainstSource({ ...listed, line: 40 }, source)?.rule).toBe(
    'equivalent-line-exists',
  );
  expect(equivalentAgainstSource(listed, undefined)?.rule).toBe('equivalent-file-exists');
});
