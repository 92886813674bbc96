import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { solutionDir, solutionsDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { graderRoot } from '../paths';
import { trivialJest } from './check-latency';
import { gradeCommand } from './commands';
import { RunOptions, runTimed, TimedRun } from './run-timed';
import { median, ratio } from './stats';

// What one graded job costs against what any grader of it must spend, both measured in this run.
// The job is the marginal CPU of one more submission in `grade` (a class of `large` copies of the
// reference solution minus a class of `small`, over the difference: the grader's own start-up and
// the class's finalising cancel out). The floor is what the job cannot avoid: one type-check of the
// student's files and the tests (plain tsc), and each test file run on the solution by plain jest,
// in a process of its own, as many times as the grading policy runs it (the exercise's `runs`),
// so one jest start per test process and the tests' own CPU. Every CPU here is the command's own
// process tree's, sampled from /proc (proc-tree.ts TreeCpu), so that other work on a shared
// machine is not counted; the job and the floor are sampled alike.

export interface JobCostRow {
  exercise: string;
  test_files: number;
  /** Test processes in the floor: each test file once per run the grading policy asks of it. */
  test_processes: number;
  /** Marginal CPU of one graded job: (CPU of `large` jobs - CPU of `small`) / difference. */
  job_cpu_ms: number;
  /** Plain `tsc --noEmit` over the solution's files and the exercise's tests, CPU. */
  typecheck_cpu_ms: number;
  /** Plain jest on one trivial JS test, CPU: the least one test process costs. */
  jest_start_cpu_ms: number;
  /** The test processes' CPU beyond their jest starts: the tests' own work on the solution. */
  tests_cpu_ms: number;
  floor_cpu_ms: number;
  /** job over floor; the target is x1.5 at most. */
  vs_floor: number | null;
}

export const JOB_CLASS_SIZES = { small: 2, large: 6 } as const;

const testFilesOf = (exercise: Exercise): string[] => [
  ...new Set(exercise.tests.flatMap((test) => (test.file ? [test.file] : []))),
];

/** How many runs the grading policy gives a test file: its tests' most (runs-policy.ts). */
const runsOfFile = (exercise: Exercise, file: string): number =>
  Math.max(...exercise.tests.filter((test) => test.file === file).map((test) => test.runs));

export interface JobCostMeasures {
  /** grade's CPU on JOB_CLASS_SIZES.small and .large copies of the solution. */
  smallCpu: number;
  largeCpu: number;
  typecheck: number;
  jestStart: number;
  /** The CPU of each test process of the floor: plain jest on one test file, on the solution. */
  testProcesses: number[];
  testFiles: number;
}

/**
 * The row from what was measured: the job is the marginal CPU of one more submission, the floor
 * the type-check and the test processes' CPU, which holds their jest starts and the tests' own
 * work (their CPU, not their durations: tests that keep several threads busy use more CPU than
 * wall time, and tests that wait use less).
 */
export function jobCostRow(exercise: string, measured: JobCostMeasures): JobCostRow {
  const { small, large } = JOB_CLASS_SIZES;
  const jobCpu = (measured.largeCpu - measured.smallCpu) / (large - small);
  const processes = measured.testProcesses.length;
  const testsCpu = measured.testProcesses.reduce((sum, cpu) => sum + cpu, 0);
  const floor = measured.typecheck + testsCpu;
  return {
    exercise,
    test_files: measured.testFiles,
    test_processes: processes,
    job_cpu_ms: jobCpu,
    typecheck_cpu_ms: measured.typecheck,
    jest_start_cpu_ms: measured.jestStart,
    // Below zero only if a test process cost less than a trivial one: a noisy start.
    tests_cpu_ms: Math.max(0, testsCpu - processes * measured.jestStart),
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

/** One command's own tree CPU (see TreeCpu), which must succeed. */
async function treeCpu(
  what: string,
  command: string,
  args: string[],
  options: RunOptions,
): Promise<number> {
  return (await must(runTimed(command, args, { ...options, sampleCpu: true }), what)).treeCpuMs!;
}

async function gradeCpu(course: Course, exercise: Exercise, count: number, scratch: string) {
  const dir = fs.mkdtempSync(path.join(scratch, `class-${count}-`));
  writeSolutions(course, exercise, count, path.join(dir, 'in'));
  const { command, args } = gradeCommand(path.join(dir, 'in'), path.join(dir, 'out'), [
    exercise.id,
  ]);
  return treeCpu(`grade of ${count}`, command, args, { cwd: graderRoot });
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
    return await treeCpu(
      `tsc on ${exercise.id}`,
      process.execPath,
      [tsc, '--noEmit', '-p', config],
      {
        cwd: graderRoot,
      },
    );
  } finally {
    fs.rmSync(config, { force: true });
  }
}

/**
 * The floor's test processes: each test file run on the reference solution by plain jest, in a
 * process of its own, as many times as the policy runs it. No setup, no reporter, no sandbox; the
 * TypeScript is the grader's compiled cache (plain-transform.js), warm as a grader's is after its
 * first job. Node loads the course's loader (runtime/register.js) because the tests start
 * TypeScript workers; jest is started through jest-cli's own bin, which that loader does not take
 * for a graded test process, so none of the grader's diagnostics (its promise hooks) run.
 */
async function testProcessesCpu(course: Course, exercise: Exercise, scratch: string) {
  const files = testFilesOf(exercise);
  const subjectRoot = solutionsDir(course.root);
  const config = JSON.stringify({
    rootDir: graderRoot,
    roots: [exercise.dir],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': path.join(__dirname, 'plain-transform.js') },
    moduleNameMapper: {
      '^@subject/(.*)$': `${subjectRoot}/$1`,
      '^@course/(.*)$': `${graderRoot}/grader/$1`,
    },
    // The tests' own limits hold inside them; a loaded machine must not fail the floor's run.
    testTimeout: 10 * exercise.timeoutMs,
    cacheDirectory: path.join(scratch, 'jest-cache-floor'),
    watchman: false,
  });
  const jest = require.resolve('jest-cli/bin/jest', { paths: [graderRoot] });
  const register = path.join(graderRoot, 'grader', 'runtime', 'register.js');
  const command = (...paths: string[]) => [
    '-r',
    register,
    jest,
    '--config',
    config,
    '--ci',
    '--runInBand',
    '--runTestsByPath',
    ...paths,
  ];
  const options = { cwd: graderRoot, env: { ...process.env, GRADER_SUBJECT_ROOT: subjectRoot } };
  // One unmeasured run of every file fills the TypeScript cache, as a grader's prewarm does.
  await must(runTimed(process.execPath, command(...files), options), `jest on ${exercise.id}`);
  const cpu: number[] = [];
  for (const file of files)
    for (let run = 0; run < runsOfFile(exercise, file); run++)
      cpu.push(
        await treeCpu(`jest on ${path.basename(file)}`, process.execPath, command(file), options),
      );
  return cpu;
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
      const starts: number[] = [];
      for (let run = 0; run < 3; run++)
        starts.push(await treeCpu('plain jest', trivial.command, trivial.args, { cwd: scratch }));
      const testProcesses = await testProcessesCpu(course, exercise, scratch);
      rows.push(
        jobCostRow(exercise.id, {
          smallCpu,
          largeCpu,
          typecheck,
          jestStart: median(starts),
          testProcesses,
          testFiles: testFilesOf(exercise).length,
        }),
      );
    }
    return rows;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
