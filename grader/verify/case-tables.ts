import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { isHidden } from '../course/visibility';
import { testFilesIn, testTitlesIn } from '../course/scan-tests';
import { schemaProblems, type Problem, writeValidJson } from '../schemas';
import type { CaseTable, StoredCase } from '../testkit/case-table';
import { encodeCaseValue } from '../testkit/case-values';

// Generated case tables are computed from the reference solution at authoring time and stored as
// data under hidden/cases/, so no reference code is ever loaded beside a student's. The generator
// of table <name> is solutions/<folder>/cases/<name>.ts (it may import the solution); its table is
// exercises/<folder>/hidden/cases/<name>.json. `grader cases --refresh` writes the tables;
// `grader cases` and `grader verify` fail when a stored table no longer matches what the
// reference gives, or when no hidden test runs it.

/** What a generator module exports as its default. */
export interface CaseTableSpec<I, E> {
  /** The hidden test (its exact title) that runs every case of the table. */
  test: string;
  seed: number;
  /** Inputs picked on purpose: the edges (empty, single, repeated, extreme values...). */
  edges: I[];
  /** And this many drawn from `arbitrary` with `seed`. */
  generated: { arbitrary: fc.Arbitrary<I>; count: number };
  /** What kind of input it is, in the student's terms. */
  kind: (input: I) => string;
  size: (input: I) => number;
  /** The reference's outcome for this input, as data. */
  expected: (input: I) => E | Promise<E>;
  /**
   * False for an input whose outcome the README leaves open (another correct design may answer
   * differently, e.g. a check still running at a deadline): such an input is left out of the table.
   */
  keep?: (input: I, expected: E) => boolean;
}

export const casesSourceDir = (course: Course, exercise: Exercise) =>
  path.join(solutionDir(course, exercise), 'cases');
export const casesTableDir = (exercise: Exercise) =>
  path.join(hiddenTestsDir(exercise.dir), 'cases');

/** The table names of an exercise: one per generator module. */
export function tableNames(course: Course, exercise: Exercise): string[] {
  const dir = casesSourceDir(course, exercise);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

function loadSpec(
  course: Course,
  exercise: Exercise,
  name: string,
): CaseTableSpec<unknown, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path.join(casesSourceDir(course, exercise), `${name}.ts`)) as {
    default: CaseTableSpec<unknown, unknown>;
  };
  return loaded.default;
}

/** Builds the table from its generator: edges and seeded draws, deduplicated, smallest first. */
export async function buildTable(
  course: Course,
  exercise: Exercise,
  name: string,
): Promise<CaseTable> {
  const spec = loadSpec(course, exercise, name);
  const drawn = fc.sample(spec.generated.arbitrary, {
    seed: spec.seed,
    numRuns: spec.generated.count,
  });
  const seen = new Set<string>();
  const cases: StoredCase[] = [];
  for (const input of [...spec.edges, ...drawn]) {
    const encoded = encodeCaseValue(input);
    const key = JSON.stringify(encoded);
    if (seen.has(key)) continue;
    seen.add(key);
    const expected = await spec.expected(input);
    if (spec.keep && !spec.keep(input, expected)) continue;
    cases.push({
      kind: spec.kind(input),
      size: spec.size(input),
      input: encoded,
      expected: encodeCaseValue(expected),
    });
  }
  // Smallest first, so the first case a hidden test finds failing is the smallest that fails.
  cases.sort((a, b) => a.size - b.size);
  return {
    test: spec.test,
    seed: spec.seed,
    generator: path
      .relative(course.root, path.join(casesSourceDir(course, exercise), `${name}.ts`))
      .split(path.sep)
      .join('/'),
    cases,
  };
}

const tableFile = (exercise: Exercise, name: string) =>
  path.join(casesTableDir(exercise), `${name}.json`);

/** Writes every table of the exercise afresh; returns the files written. */
export async function refreshTables(course: Course, exercise: Exercise): Promise<string[]> {
  const written: string[] = [];
  for (const name of tableNames(course, exercise)) {
    const file = tableFile(exercise, name);
    writeValidJson('case-table', file, {
      $schema: '../../../../schemas/case-table.schema.json',
      ...(await buildTable(course, exercise, name)),
    });
    written.push(file);
  }
  return written;
}

/**
 * Why the stored tables cannot be trusted: a table missing or different from what the reference
 * gives now, a table with no generator, or a table no hidden test runs.
 */
export async function caseTableProblems(course: Course, exercise: Exercise): Promise<Problem[]> {
  const problems: Problem[] = [];
  const names = tableNames(course, exercise);
  const problem = (file: string, rule: string, message: string) =>
    problems.push({ file: path.relative(course.root, file), pointer: '', rule, message });
  const storedDir = casesTableDir(exercise);
  if (fs.existsSync(storedDir))
    for (const file of fs.readdirSync(storedDir).filter((f) => f.endsWith('.json')))
      if (!names.includes(file.slice(0, -'.json'.length)))
        problem(path.join(storedDir, file), 'case-table-orphan', 'no generator writes this table');
  for (const name of names) {
    const file = tableFile(exercise, name);
    if (!fs.existsSync(file)) {
      problem(file, 'case-table-missing', 'not written yet: run `grader cases --refresh`');
      continue;
    }
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as CaseTable & { $schema?: string };
    const invalid = schemaProblems('case-table', stored, path.relative(course.root, file));
    if (invalid.length > 0) {
      problems.push(...invalid);
      continue;
    }
    const { $schema: _schema, ...table } = stored;
    const fresh = await buildTable(course, exercise, name);
    if (JSON.stringify(table) !== JSON.stringify(fresh))
      problem(
        file,
        'case-table-stale',
        `no longer what the reference and its generator give (${firstDifference(table, fresh)}): run \`grader cases --refresh\``,
      );
    problems.push(...notExercised(course, exercise, name, fresh.test));
  }
  return problems;
}

function firstDifference(stored: CaseTable, fresh: CaseTable): string {
  if (stored.cases.length !== fresh.cases.length)
    return `${stored.cases.length} cases stored, ${fresh.cases.length} generated`;
  const index = stored.cases.findIndex(
    (item, i) => JSON.stringify(item) !== JSON.stringify(fresh.cases[i]),
  );
  return index < 0 ? 'its test or seed changed' : `case ${index + 1}, ${fresh.cases[index].kind}`;
}

/** The table's test must be a hidden manifest test, declared in a hidden file that reads the table. */
function notExercised(course: Course, exercise: Exercise, name: string, title: string): Problem[] {
  const where = path.relative(course.root, tableFile(exercise, name));
  const fail = (message: string): Problem[] => [
    { file: where, pointer: '/test', rule: 'case-table-not-exercised', message },
  ];
  const test = exercise.tests.find((candidate) => candidate.name === title);
  if (!test || !isHidden(test)) return fail(`"${title}" is not a hidden test of the manifest`);
  const readers = testFilesIn(hiddenTestsDir(exercise.dir)).filter(
    (file) =>
      testTitlesIn(file).includes(title) &&
      fs.readFileSync(file, 'utf8').includes(`cases/${name}.json`),
  );
  if (readers.length === 0)
    return fail(`no hidden test file both declares "${title}" and reads cases/${name}.json`);
  return [];
}
