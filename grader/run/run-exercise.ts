import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, visibleTestsDir } from '../course/layout';
import type { Exercise, TestSpec } from '../course/types';
import { graderRoot } from '../paths';
import { subjectSecretFilter, withoutSecrets } from '../result/secret-text';
import { readTableKinds, withFailedInputKinds } from '../result/failed-input-kind';
import { ExerciseResult, round } from '../result/types';
import type { StallWatch } from './jest-attempt';
import { LIMITS } from './limits';
import { explainFailures } from './explain-failures';
import { prewarm } from './prewarm';
import { Repeat, runTestsRepeatedly } from './repeat-tests';
import type { SandboxStatus } from './sandbox';
import {
  crashedJobMessage,
  doesNotCompileMessage,
  notSubmittedMessage,
  SKIPPED_NOT_COMPILING,
  TAMPERED_MESSAGE,
  TAMPERED_TEST_MESSAGE,
} from './student-messages';
import { checkStyle } from './style';
import { skipped } from './test-results';
import { typecheck } from './typecheck';
import type { TypecheckReply } from './typecheck-protocol';
import { transpileFailure } from './transpile-check';
import type { WarmAttempts } from './warm-attempts';

const NO_SANDBOX: SandboxStatus = { kind: 'none', reason: 'not asked for' };

export interface Subject {
  /** Who or what is graded, for reports: "your exercises/ folder", a student id, "solution". */
  label: string;
  /** The folder that holds `<exercise folder>/<file>.ts` for every exercise graded. */
  root: string;
}

export interface RunOptions {
  /** Grade only tests of these visibilities (default: every test whose file is present). */
  include?: (test: TestSpec) => boolean;
  /** How long jest may take to start and load a test file (default LIMITS.loadMs). */
  loadLimitMs?: number;
  /** How much CPU time that start may use (default LIMITS.loadCpuMs). */
  loadCpuMs?: number;
  /** Aborting kills the running test process tree; the result is then incomplete (batch Ctrl-C). */
  signal?: AbortSignal;
  /** Run the type-check and the tests in the job sandbox (run/sandbox.ts); default: none. */
  sandbox?: SandboxStatus;
  /**
   * Start the tests while the type-check runs (a student's check: the answer comes sooner); with
   * type errors the test run is stopped and discarded, so the verdict is the same either way.
   * Batches leave it off while their cores are busy with other jobs (see JobOrder.lanes).
   */
  overlap?: boolean;
  /**
   * How many test files run at the same time, each in its own process (default 1). A student's
   * check uses the machine's cores; a batch gives its jobs the cores no other job will take.
   */
  parallelFiles?: number;
  /** Test processes started ahead (a watch): each test file's first run uses one when it fits. */
  warm?: WarmAttempts;
  /** Type-check with the checker a student's checks share (run/shared-typecheck.ts). */
  sharedTypecheck?: boolean;
  /** Told when a run looks stuck (see StallWatch): a batch's cue to start another job. */
  stall?: StallWatch;
  /** Runs per test instead of the manifest's, and a word after each run (run/repeat-tests.ts). */
  repeat?: Repeat;
}

/**
 * Grades one exercise of one subject: files present, then type-check, then the tests under a
 * watchdog, each test run as often as the grading policy asks (run/repeat-tests.ts). A test that hangs jest is recorded as timed out and the rest are run again without
 * it, so one stuck test costs its own points only. Never throws for anything the subject does.
 */
export async function runExercise(
  exercise: Exercise,
  subject: Subject,
  options: RunOptions = {},
): Promise<ExerciseResult> {
  const started = Date.now();
  const subjectDir = path.join(subject.root, exercise.folder);
  const present = exercise.tests.filter(
    (test) => test.file !== undefined && (options.include?.(test) ?? true),
  );
  const absent = exercise.tests.filter((test) => test.file === undefined);
  const base = outlineResult(exercise, present, absent);
  const secrets = subjectSecretFilter(exercise, subjectDir);
  const finish = (result: ExerciseResult): ExerciseResult =>
    withoutSecrets(
      withFailedInputKinds(
        explainFailures({ ...result, duration_ms: Date.now() - started }, exercise, subjectDir),
        // The tables are read (hundreds of KB of JSON) only when a test failed: a pass needs no kind.
        result.tests.some((test) => test.status === 'fail') ? readTableKinds(exercise) : [],
      ),
      secrets,
    );

  const missing = exercise.files.filter((file) => !fs.existsSync(path.join(subjectDir, file)));
  if (missing.length > 0) {
    const message = notSubmittedMessage(missing.map((file) => `${exercise.folder}/${file}`));
    return finish({
      ...base,
      status: 'error',
      message,
      tests: present.map((test) => skipped(test, message)),
    });
  }

  const files = exercise.files.map((file) => path.join(subjectDir, file));
  const sandbox = options.sandbox ?? NO_SANDBOX;
  const startTests = () => {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    prewarm([...files, ...supportFiles(exercise)]);
    const roots = { subjectRoot: subject.root, graderRoot, studentFiles: files };
    const run = runTestsRepeatedly(
      present,
      roots,
      {
        exerciseDir: exercise.dir,
        loadLimitMs: options.loadLimitMs ?? LIMITS.loadMs,
        loadCpuMs: options.loadCpuMs ?? LIMITS.loadCpuMs,
        sandbox,
        signal,
        warm: options.warm,
        // Only a single lane starts a file ahead: with more, the lanes overlap one file's start
        // with another's run already, and one more process beside them (and the type-checker)
        // oversubscribes the cores: ex01's check was 0.2 s slower on 2 cores with it.
        startAhead: options.overlap === true && !options.warm && (options.parallelFiles ?? 1) <= 1,
        parallelFiles: options.parallelFiles,
        stall: options.stall,
      },
      { ...options.repeat, cleared },
    );
    return { stop, run };
  };
  // prettier runs as a process of its own: let it work while the type-checker does.
  // Settled at once, so a failing prettier is never an unhandled rejection while the check runs.
  const pendingStyle = checkStyle(files, subject.root, exercise.stylePoints ?? 0).then(
    (verdict) => ({ verdict }),
    (error: Error) => ({ error }),
  );
  const untranspilable = transpileFailure(files, subject.root);
  const pendingCheck: Promise<TypecheckReply> = untranspilable
    ? Promise.resolve({ kind: 'failed', reason: untranspilable })
    : typecheck(files, subject.root, sandbox, { shared: options.sharedTypecheck });
  // Runs after the first wait for the type-check's verdict (run/repeat-tests.ts).
  const cleared = pendingCheck.then(
    (checked) => checked.kind !== 'failed' && checked.diagnostics.length === 0,
    () => false,
  );
  const early = options.overlap && !untranspilable ? startTests() : undefined;
  const checked = await pendingCheck;
  if (checked.kind === 'failed' || checked.diagnostics.length > 0) {
    early?.stop.abort();
    // Code that does not compile gets no style verdict, so a failing prettier cannot matter here.
    await Promise.all([pendingStyle, early?.run]);
    const diagnostics = checked.kind === 'failed' ? [] : checked.diagnostics;
    const message = doesNotCompileMessage(
      checked.kind === 'failed' ? checked.reason : undefined,
      diagnostics,
    );
    return finish({
      ...base,
      status: 'error',
      message,
      compile: { ok: false, diagnostics },
      tests: present.map((test) => skipped(test, SKIPPED_NOT_COMPILING)),
    });
  }

  const styled = await pendingStyle;
  if ('error' in styled) {
    early?.stop.abort();
    await early?.run;
    throw styled.error;
  }
  const style = styled.verdict;
  const { results, output, tampering, runs } = await (early ?? startTests()).run;
  if (tampering.length > 0) {
    return finish({
      ...base,
      status: 'error',
      message: TAMPERED_MESSAGE,
      tests: present.map((test) => skipped(test, TAMPERED_TEST_MESSAGE)),
      tampering: [...new Set(tampering)],
      output: output || undefined,
    });
  }
  const tests = present.map((test) => results.get(test.name)!);
  const score = round(tests.reduce((sum, test) => sum + test.score, 0) + (style?.score ?? 0));
  const allPassed =
    tests.every((test) => test.status === 'pass') && style?.score === style?.max_score;
  return finish({
    ...base,
    status: allPassed ? 'pass' : 'fail',
    score,
    style,
    tests,
    output: output || undefined,
    ...runs,
  });
}

/**
 * The verdict for a job whose grading process died twice while running it: every test unscored,
 * with the reason. Whatever did that came from the job (see batch/schedule/grade-job.ts).
 */
export function crashedResult(exercise: Exercise, reason: string): ExerciseResult {
  const message = crashedJobMessage(reason);
  return {
    ...outlineResult(exercise, exercise.tests, []),
    status: 'error',
    message,
    tests: exercise.tests.map((test) => skipped(test, message)),
  };
}

/** A result with no points yet: the tests graded, and those the course copy lacks (`absent`). */
function outlineResult(exercise: Exercise, graded: TestSpec[], absent: TestSpec[]): ExerciseResult {
  const points = (tests: TestSpec[]) => tests.reduce((sum, test) => sum + test.points, 0);
  return {
    id: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    status: 'fail',
    score: 0,
    max_score: round(points(graded) + (exercise.stylePoints ?? 0)),
    duration_ms: 0,
    compile: { ok: true, diagnostics: [] },
    tests: [],
    hidden: { absent_count: absent.length, absent_points: round(points(absent)) },
    hints: exercise.hints,
  };
}

/** The exercise's test files and the TypeScript they load in workers or children. */
function supportFiles(exercise: Exercise): string[] {
  return [visibleTestsDir(exercise.dir), hiddenTestsDir(exercise.dir)]
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) => fs.readdirSync(dir).map((name) => path.join(dir, name)))
    .filter((file) => file.endsWith('.ts'));
}
