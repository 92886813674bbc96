import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir } from '../course/layout';
import type { Exercise } from '../course/types';
import { failedKindIn } from '../testkit/case-table';
import type { ExerciseResult, TestResult } from './types';

// A hidden case-table test that fails tells the student what kind of input it failed for ("an
// empty list of tasks"), never the case or the test: the kind is read back from the failure's
// first line and kept only when it is one of the kinds the table stores. The kinds are the
// course's own words, written to be shown; whatever else graded code puts in a message can
// never be shown this way.

export interface TableKinds {
  /** The title of the hidden test that runs the table. */
  test: string;
  kinds: readonly string[];
}

/** The kinds of every case table of the exercise (hidden/cases/*.json); none when unreadable. */
export function readTableKinds(exercise: Exercise): TableKinds[] {
  const dir = path.join(hiddenTestsDir(exercise.dir), 'cases');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      try {
        const table = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
          test?: unknown;
          cases?: Array<{ kind?: unknown }>;
        };
        if (typeof table.test !== 'string' || !Array.isArray(table.cases)) return [];
        const kinds = table.cases.map((item) => item.kind).filter((k) => typeof k === 'string');
        return [{ test: table.test, kinds: [...new Set(kinds as string[])] }];
      } catch {
        return [];
      }
    });
}

function withKind(test: TestResult, tables: readonly TableKinds[]): TestResult {
  if (test.status !== 'fail' || !test.message) return test;
  const table = tables.find((candidate) => candidate.test === test.name);
  const kind = table && failedKindIn(test.message);
  return kind !== undefined && table!.kinds.includes(kind)
    ? { ...test, failed_input_kind: kind }
    : test;
}

/** The result with each failing case-table test's kind of input set, from the tables' own kinds. */
export function withFailedInputKinds(
  result: ExerciseResult,
  tables: readonly TableKinds[],
): ExerciseResult {
  if (tables.length === 0) return result;
  return { ...result, tests: result.tests.map((test) => withKind(test, tables)) };
}
