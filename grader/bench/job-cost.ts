import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { graderRoot } from '../paths';
import { summedTestDurations, trivialJest } from './check-latency';
import { graderCommand } from './commands';
import { runTimed, TimedRun } from './run-timed';
import { ratio } from './stats';

// What one graded job costs against what any grader of it must spend, both measured in this run.
// The job is the marginal CPU of one more submission in `grade` (a class of `large` copies of the
// reference solution minus a class of `small`, over the difference: the grader's own start-up and
// the class's finalising cancel out). The floor is what the job cannot avoid: one type-check of the
// student's files and the tests (plain tsc), one jest start per test file (plain jest on a trivial
// test, as check's floor) and the tests' own time (their summed durations in a check's result).

export interface JobCostRow {
  exercise: string;
  test_files: number;
  /** Marginal busy CPU of one graded job: (CPU of `large` jobs - CPU of `small`) / difference. */
  job_cpu_ms: number;
  /** Plain `tsc --noEmit` over the solution's files and the exercise's tests, CPU. */
  typecheck_cpu_ms: number;
  /** Plain jest on one trivial JS test, CPU: the least one test process costs. */
  jest_start_cpu_ms: number;
  /** The tests' own summed durations on the solution (a check's --json, hidden tests included). */
  tests_ms: number;
  floor_cpu_ms: number;
  /** job over floor; the target is x1.5 at most. */
  vs_floor: number | null;
}

export const JOB_CLASS_SIZES = { small: 2, large: 6 } as const;

const testFilesOf = (exercise: Exercise): string[] => [
  ...new Set(exercise.tests.flatMap((test) => (test.file ? [test.file] : []))),
];

export interface JobCostMeasures {
  /** grade's busy CPU on JOB_CLASS_SIZES.small and .large copies of the solution. */
  smallCpu: number;
  largeCpu: number;
  typecheck: number;
  jestStart: number;
  tests: number;
  testFiles: number;
}

/** The row from what was measured: the job is the marginal CPU of one more submission. */
export function jobCostRow(exercise: string, measured: JobCostMeasures): JobCostRow {
  const { small, large } = JOB_CLASS_SIZES;
  const jobCpu = (measured.largeCpu - measured.smallCpu) / (large - small);
  const floor = measured.typecheck + measured.testFiles * measured.jestStart + measured.tests;
  return {
    exercise,
    test_files: measured.testFiles,
    job_cpu_ms: jobCpu,
    typecheck_cpu_ms: measured.typecheck,
    jest_start_cpu_ms: measured.jestStart,
    tests_ms: measured.tests,
    floor_cpu_ms: floor,
    // A difference of two measurements can come out below zero on a busy machine: no ratio then.
    vs_floor: jobCpu > 0 ? (ratio(jobCpu, floor) ?? null) : null,
  };
}

/** Copies of the reference solution as a class of `count`, in the folders layout. */
function writeSolutions(course: Course, exercise: Exercise, count: number, dir: string): void {
  for (let index = 0; index < count; index++)
    for (const file of exercise.files) {
      const target = path.join(dir, `s${index + 1}`, 'exercises', exercise.folder, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(solutionDir(course, exercise), file), target);
    }
}

async function must(run: Promise<TimedRun>, what: string): Promise<TimedRun> {
  const done = await run;
  if (done.code !== 0) throw new Error(`${what} failed:\n${done.output.slice(-2000)}`);
  return done;
}

async function gradeCpu(course: Course, exercise: Exercise, count: number, scratch: string) {
  const dir = fs.mkdtempSync(path.join(scratch, `class-${count}-`));
  writeSolutions(course, exercise, count, path.join(dir, 'in'));
  const { command, args } = graderCommand(
    'grade',
    path.join(dir, 'in'),
    '--out',
    path.join(dir, 'out'),
    '--exercises',
    exercise.id,
    '--layout',
    'folders',
  );
  return (await must(runTimed(command, args, { cwd: graderRoot }), `grade of ${count}`)).cpuMs;
}

/** Plain tsc over what a job type-checks: the student's files and the exercise's tests. */
async function typecheckCpu(course: Course, exercise: Exercise) {
  const tests = testFilesOf(exercise);
  // Inside the project, so that TypeScript finds its @types as the grader's checker does.
  const config = path.join(
    graderRoot,
    '.grader',
    `bench-tsconfig-${exercise.id}-${process.pid}.json`,
  );
  fs.mkdirSync(path.dirname(config), { recursive: true });
  fs.writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(graderRoot, 'tsconfig.json'),
      include: [],
      files: [
        ...exercise.files.map((file) => path.join(solutionDir(course, exercise), file)),
        ...tests,
      ],
    }),
  );
  const tsc = require.resolve('typescript/bin/tsc', { paths: [graderRoot] });
  try {
    const run = runTimed(process.execPath, [tsc, '--noEmit', '-p', config], { cwd: graderRoot });
    return (await must(run, `tsc on ${exercise.id}`)).cpuMs;
  } finally {
    fs.rmSync(config, { force: true });
  }
}

async function testsOwnMs(exercise: Exercise, scratch: string) {
  const json = path.join(scratch, `check-${exercise.id}.json`);
  const { command, args } = graderCommand(
    'check',
    exercise.id,
    '--subject',
    'solutions',
    '--reveal',
    '--json',
    json,
  );
  await must(runTimed(command, args, { cwd: graderRoot }), `check ${exercise.id}`);
  return summedTestDurations(JSON.parse(fs.readFileSync(json, 'utf8')));
}

export async function measureJobCost(course: Course, exercises: Exercise[]): Promise<JobCostRow[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-jobs-'));
  try {
    const trivial = trivialJest(scratch);
    // One unmeasured start warms the jest cache, as a grader's is warm after its first job.
    await must(runTimed(trivial.command, trivial.args, { cwd: scratch }), 'plain jest');
    const rows: JobCostRow[] = [];
    for (const exercise of exercises) {
      const { small, large } = JOB_CLASS_SIZES;
      const smallCpu = await gradeCpu(course, exercise, small, scratch);
      const largeCpu = await gradeCpu(course, exercise, large, scratch);
      const typecheck = await typecheckCpu(course, exercise);
      const jestStart = (
        await must(runTimed(trivial.command, trivial.args, { cwd: scratch }), 'plain jest')
      ).cpuMs;
      const tests = await testsOwnMs(exercise, scratch);
      rows.push(
        jobCostRow(exercise.id, {
          smallCpu,
          largeCpu,
          typecheck,
          jestStart,
          tests,
          testFiles: testFilesOf(exercise).length,
        }),
      );
    }
    return rows;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
