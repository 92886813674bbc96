import { exercisesDir, solutionsDir } from '../course/layout';
import type { Course, Exercise, TestSpec } from '../course/types';
import type { ExerciseResult } from '../result/types';
import { runExercise } from '../run/run-exercise';
import { createWorkspace, writeStudentFiles } from '../run/workspace';
import { runPool } from '../pool';
import { Design, readDesigns, readVariants, Variant } from './variants';
import { isHidden } from '../course/visibility';

type VariantKind = 'solution' | 'starter' | 'wrong' | 'also-correct';

export interface VariantReport {
  exercise: string;
  kind: VariantKind;
  name: string;
  /** One result per run. */
  runs: ExerciseResult[];
  /** Did this variant behave as the course promises in every run? */
  ok: boolean;
  problem?: string;
}

// A test that ran and failed or timed out. Skipped tests (code that did not compile, a
// type-checker out of time) prove nothing about what a test catches.
const failingTests = (result: ExerciseResult) =>
  result.tests.filter((test) => test.status === 'fail' || test.status === 'timeout');
const caughtByHiddenTest = (result: ExerciseResult) => failingTests(result).some(isHidden);

/**
 * verify measures single runs (its own --runs repeats them): a run here is one run of each test,
 * not the manifest's runs a grade makes, so a rate it reports is a per-run rate.
 */
const ONE_RUN = { runs: 1 };

/**
 * The solution passes every test in every run: a single failure is a flaky or wrong test.
 * `parallelFiles` runs its test files side by side, as a student's check does.
 */
export async function verifySolution(
  course: Course,
  exercise: Exercise,
  runs: number,
  options: { signal?: AbortSignal; parallelFiles?: number } = {},
): Promise<VariantReport> {
  const { signal, parallelFiles } = options;
  const results = await repeat(
    runs,
    () =>
      runExercise(
        exercise,
        { label: 'solution', root: solutionsDir(course.root) },
        { signal, repeat: ONE_RUN, parallelFiles },
      ),
    signal,
  );
  const flaky = results.find((result) => result.status !== 'pass');
  return {
    exercise: exercise.id,
    kind: 'solution',
    name: 'solution',
    runs: results,
    ok: !flaky,
    problem: flaky
      ? `the solution failed in run ${results.indexOf(flaky) + 1}: ${describeFailures(flaky)}`
      : undefined,
  };
}

/**
 * The untouched starter fails: otherwise the tests do not require the exercise to be done.
 * `tests: 'one'` (npm test) first runs only the test with the shortest limit, and every test only
 * if the starter passes it: the same claim, in the usual case proven by one test in one process.
 */
export async function verifyStarter(
  course: Course,
  exercise: Exercise,
  signal?: AbortSignal,
  options: { tests?: 'all' | 'one' } = {},
): Promise<VariantReport> {
  const run = (include?: (test: TestSpec) => boolean) =>
    runExercise(
      exercise,
      { label: 'starter', root: exercisesDir(course.root) },
      { signal, repeat: ONE_RUN, include },
    );
  let result: ExerciseResult | undefined;
  if (options.tests === 'one') {
    const first = shortestLimit(exercise.tests);
    result = await run((test) => test.name === first.name);
  }
  if (result === undefined || result.status === 'pass') result = await run();
  const ok = result.status !== 'pass';
  return {
    exercise: exercise.id,
    kind: 'starter',
    name: 'starter',
    runs: [result],
    ok,
    problem: ok
      ? undefined
      : 'the starter passes every test: the tests do not require the exercise to be done',
  };
}

/**
 * A known-wrong solution fails at least one hidden test in every run, one of those its caughtBy
 * names. `catchers` chooses what runs: every test (verify, to print the whole matrix); `named`, just
 * the tests caughtBy names (verify --catchers-only, which measures each one's rate); `one`, only
 * the named hidden test with the shortest limit, and the other named tests only if it lets a run
 * through (npm test): the same claim, proven in the usual case by one test in one process.
 */
export async function verifyWrong(
  course: Course,
  exercise: Exercise,
  variant: Variant,
  runs: number,
  options: { catchers?: 'all' | 'named' | 'one'; signal?: AbortSignal } = {},
): Promise<VariantReport> {
  const { signal } = options;
  const named = (test: TestSpec) => variant.caughtBy.includes(test.name);
  const run = (include?: (test: TestSpec) => boolean) =>
    runFiles(exercise, `wrong/${variant.name}`, variant.files, runs, { include, signal });
  // Caught means a hidden test failed, and one of the tests the variant names as its catchers:
  // a stale caughtBy list would otherwise go unnoticed.
  const caughtAsDeclared = (result: ExerciseResult) =>
    caughtByHiddenTest(result) &&
    failingTests(result).some((test) => variant.caughtBy.includes(test.name));
  let results: ExerciseResult[];
  if (options.catchers === 'one') {
    const first = cheapestHiddenCatcher(exercise, variant);
    results = await run((test) => test.name === first.name);
    if (results.some((result) => !caughtAsDeclared(result))) results = await run(named);
  } else {
    results = await run(options.catchers === 'named' ? named : undefined);
  }
  const survived = results.find((result) => !caughtAsDeclared(result));
  return {
    exercise: exercise.id,
    kind: 'wrong',
    name: variant.name,
    runs: results,
    ok: !survived,
    problem: survived
      ? `survived run ${results.indexOf(survived) + 1} of ${results.length}: ${
          caughtByHiddenTest(survived)
            ? 'none of the tests in its caughtBy failed'
            : 'no hidden test failed'
        } (${variant.mistake})`
      : undefined,
  };
}

/** The hidden test among a variant's catchers with the shortest limit (the first, on a tie). */
function cheapestHiddenCatcher(exercise: Exercise, variant: Variant): TestSpec {
  const catchers = exercise.tests.filter(
    (test) => variant.caughtBy.includes(test.name) && isHidden(test),
  );
  // readVariants refuses a caughtBy without a hidden test of the exercise.
  return shortestLimit(catchers);
}

/** The test with the shortest limit (the first, on a tie): the cheapest one to run. */
const shortestLimit = (tests: TestSpec[]): TestSpec =>
  tests.reduce((best, test) => (test.timeoutMs < best.timeoutMs ? test : best));

/**
 * A correct design other than the reference passes every test in every run: a test that fails it
 * checks one design instead of the behaviour the README promises (REJECTS-CORRECT).
 */
export async function verifyDesign(
  course: Course,
  exercise: Exercise,
  design: Design,
  runs: number,
  signal?: AbortSignal,
): Promise<VariantReport> {
  const results = await runFiles(exercise, `also-correct/${design.name}`, design.files, runs, {
    signal,
  });
  const rejected = results.find((result) => result.status !== 'pass');
  return {
    exercise: exercise.id,
    kind: 'also-correct',
    name: design.name,
    runs: results,
    ok: !rejected,
    problem: rejected
      ? `REJECTS-CORRECT in run ${results.indexOf(rejected) + 1} of ${results.length} (${design.design}): ${describeFailures(rejected)}`
      : undefined,
  };
}

/** Runs the exercise `runs` times against the solution with `files` in place of its own. */
async function runFiles(
  exercise: Exercise,
  label: string,
  files: Record<string, string>,
  runs: number,
  options: { include?: (test: TestSpec) => boolean; signal?: AbortSignal } = {},
): Promise<ExerciseResult[]> {
  const workspace = createWorkspace();
  try {
    writeStudentFiles(workspace, exercise, files);
    return await repeat(
      runs,
      () => runExercise(exercise, { label, root: workspace.root }, { ...options, repeat: ONE_RUN }),
      options.signal,
    );
  } finally {
    workspace.dispose();
  }
}

/**
 * The course proves its own tests, as rustlings' `dev check` does: the solution and every
 * also-correct design pass every test in every run, the starter fails at least one, and every
 * known-wrong solution fails at least one hidden test in every run.
 */
export async function verifyExercise(
  course: Course,
  exercise: Exercise,
  options: {
    runs: number;
    /** Starters and known-wrong solutions at once (default 1); what must pass always runs alone. */
    jobs?: number;
    onReport?: (report: VariantReport) => void;
    signal?: AbortSignal;
  },
): Promise<VariantReport[]> {
  const { variants, problems } = readVariants(course, exercise);
  const { designs, problems: designProblems } = readDesigns(course, exercise);
  problems.push(...designProblems);
  if (problems.length > 0) {
    throw new Error(problems.map((problem) => `${problem.file}: ${problem.message}`).join('\n'));
  }
  // Stopped (Ctrl-C): no further variant starts; the running ones' tests are killed, and their
  // temporary folders removed, by runExercise.
  const { signal, runs } = options;
  const report = (step: () => Promise<VariantReport>) => async () => {
    const done = await step();
    if (!signal?.aborted) options.onReport?.(done);
    return done;
  };
  // What must pass runs alone, one at a time: a correct solution's timing is never judged beside
  // other runs. What must fail may share the machine: the races that catch known-wrong solutions
  // are steered by the tests, not left to how busy the machine is (as in the course's own proof).
  const mustPass = [
    () => verifySolution(course, exercise, runs, { signal }),
    ...designs.map((design) => () => verifyDesign(course, exercise, design, runs, signal)),
  ].map(report);
  const mustFail = [
    () => verifyStarter(course, exercise, signal),
    ...variants.map((variant) => () => verifyWrong(course, exercise, variant, runs, { signal })),
  ].map(report);
  const passed = await inOrder(mustPass, 1, signal);
  const failed = await inOrder(mustFail, options.jobs ?? 1, signal);
  if (signal?.aborted) return [];
  // In the course's order, however they finished: solution, starter, designs, variants.
  const [solution, ...designReports] = passed as VariantReport[];
  const [starter, ...wrongReports] = failed as VariantReport[];
  return [solution, starter, ...designReports, ...wrongReports];
}

/** Runs the tasks `jobs` at a time (runPool); each result lands at its task's index. */
export async function inOrder<T>(
  tasks: (() => Promise<T>)[],
  jobs: number,
  signal?: AbortSignal,
): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = tasks.map(() => undefined);
  await runPool(
    tasks.keys(),
    jobs,
    async (index) => void (results[index] = await tasks[index]()),
    signal,
  );
  return results;
}

async function repeat<T>(times: number, run: () => Promise<T>, signal?: AbortSignal): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < times && !signal?.aborted; index++) results.push(await run());
  return results;
}

function describeFailures(result: ExerciseResult): string {
  if (result.status === 'error') return result.message ?? 'error';
  return failingTests(result)
    .map((test) => `"${test.name}" ${test.status}: ${(test.message ?? '').split('\n')[0]}`)
    .join('; ');
}
