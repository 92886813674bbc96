import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { findExercise } from '../course/find';
import { readCourse } from '../course/load';
import type { Course, Exercise } from '../course/types';
import { ENV, planTests } from '../jest/channel';
import type { Io } from '../io';
import { graderRoot } from '../paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MAX_PROCESS_DEPTH } = require('../runtime/register') as { MAX_PROCESS_DEPTH: number };
import { formatProblem, writeFileAtomic } from '../schemas';
import { readEquivalents } from './check-equivalents';
import { locatedMutants, MutationReport } from './report';
import { reportPaths, strykerOptions } from './stryker-options';
import { formatTable, scoreRow, ScoreRow, survivorLines } from './table';
import { mutatePatterns } from './written-lines';

// `grader mutate [ex03 ...]` (`npm run mutate`): mutation tests of the reference solutions (see
// docs/authoring.md). A thin shell over Stryker: the options, the table and the equivalents are
// plain functions.

// Stryker is an ES module; TypeScript compiled to CommonJS would turn import() into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ Stryker: new (options: object) => { runMutationTest(): Promise<unknown> } }>;

export interface MutateOptions {
  exercises?: string[];
  concurrency: number;
  timeFactor: number;
}

export async function mutate(options: MutateOptions, io: Io): Promise<number> {
  // A manifest problem elsewhere (validate's job) need not stop the mutation run: it is shown.
  const { course, problems } = readCourse(graderRoot);
  for (const problem of problems) io.err(`warning: ${formatProblem(problem)}\n`);
  // An unknown name throws UnknownExerciseError: the CLI shows it with the valid names.
  const named = options.exercises ?? [];
  const chosen: Exercise[] = named.length
    ? named.map((query) => findExercise(course, query))
    : course.exercises;
  const rows: { row: ScoreRow; seconds: number }[] = [];
  let failed = false;
  for (const exercise of chosen) {
    const started = Date.now();
    try {
      const row = await mutateExercise(course, exercise, options, io);
      rows.push({ row, seconds: Math.round((Date.now() - started) / 1000) });
    } catch (error) {
      failed = true;
      io.err(`${exercise.id}: mutation run failed: ${(error as Error).message}\n`);
    }
  }
  const table = formatTable(rows.map(({ row }) => row)).split('\n');
  io.out(
    `\n${table[0]}  wall time\n${rows.map(({ seconds }, index) => `${table[index + 1]}  ${seconds} s`).join('\n')}\n`,
  );
  return failed ? 1 : 0;
}

async function mutateExercise(
  course: Course,
  exercise: Exercise,
  { concurrency, timeFactor }: MutateOptions,
  io: Io,
) {
  const { equivalents, problems } = readEquivalents(course, exercise);
  if (problems.length > 0)
    throw new Error(`fix ${problems[0].file} first (npm run grader -- validate)`);
  // Read by jest.mutate.config.ts and setup.ts in Stryker's test-runner processes, which inherit
  // this environment: which exercise, and each test's limit as the grader gives it.
  process.env.GRADER_MUTATE_EXERCISE = exercise.folder;
  process.env[ENV.tests] = JSON.stringify(
    planTests(exercise.tests).map(({ id, limitMs }) => ({ id, limitMs: limitMs * timeFactor })),
  );
  process.env.GRADER_MUTATE_MAX_TIMEOUT_MS = String(
    Math.max(...exercise.tests.map((test) => test.timeoutMs)) * timeFactor,
  );
  const mutate = mutatePatterns(course, exercise);
  const options = strykerOptions(exercise, { concurrency, graderRoot, mutate, timeFactor });
  // Stryker's runners have none of a graded run's process caps, and a mutant of a main guard
  // makes every child fork again (ex05 filled 24 GB that way): allow the runners' children and
  // grandchildren only, so such a chain stops at once as a failed (killed) mutant.
  process.env.GRADER_PROCESS_DEPTH = String(MAX_PROCESS_DEPTH - 3);
  // Stryker writes its report here; it reaches reports/ only once it fits the report schema.
  const written = path.join('.grader', 'mutate', `${exercise.folder}.json`);
  options.jsonReporter.fileName = written;
  io.out(`\n${exercise.id}: mutating what students write: ${mutate.join(', ')}\n`);
  const { Stryker } = await importEsm('@stryker-mutator/core');
  await new Stryker({ ...options, logLevel: 'warn', fileLogLevel: 'off' }).runMutationTest();

  const report = JSON.parse(fs.readFileSync(written, 'utf8')) as MutationReport;
  assertReport(report, written);
  writeFileAtomic(
    path.join(course.root, reportPaths(exercise.folder).json),
    JSON.stringify(report),
  );
  fs.rmSync(written);
  const mutants = locatedMutants(report);
  const survivors = survivorLines(mutants, equivalents);
  if (survivors.length > 0)
    io.out(`${exercise.id}: ${survivors.length} undetected:\n  ${survivors.join('\n  ')}\n`);
  return scoreRow(exercise.id, mutants, equivalents);
}

/**
 * Stryker's report, checked against the schema it is written to: the upstream
 * mutation-testing-report-schema that Stryker depends on (its `uri` formats are not checked).
 */
function assertReport(report: unknown, file: string): void {
  const schema = require('mutation-testing-report-schema/mutation-testing-report-schema.json');
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
    schema,
  );
  if (!validate(report))
    throw new Error(
      `${file} does not fit the mutation-testing report schema: ${validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
    );
}
