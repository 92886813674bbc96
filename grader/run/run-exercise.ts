import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hiddenTestsDir, visibleTestsDir } from '../course/layout';
import type { Exercise, TestSpec } from '../course/types';
import { graderRoot } from '../paths';
import { secretFilter, withoutSecrets } from '../result/secret-text';
import { ExerciseResult, TestResult, round } from '../result/types';
import { cleanFailure, isJestTimeout, relativize } from './failure-message';
import { Attempt, StallWatch, startJestAttempt, Stop } from './jest-attempt';
import { LIMITS } from './limits';
import { checkStyle } from './style';
import { typecheck } from './typecheck';
import { prewarm } from './prewarm';
import { explainStuck } from './stuck';
import type { SandboxStatus } from './sandbox';
import { WarmAttempts } from './warm-attempts';

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
   * Batches leave it off: their cores are busy with other jobs already.
   */
  overlap?: boolean;
  /** Test processes started ahead (a watch): each test file's first run uses one when it fits. */
  warm?: WarmAttempts;
  /** Type-check with the checker a student's checks share (run/shared-typecheck.ts). */
  sharedTypecheck?: boolean;
  /** Told when a run looks stuck (see StallWatch): a batch's cue to start another job. */
  stall?: StallWatch;
}

/**
 * Grades one exercise of one subject: files present, then type-check, then the tests under a
 * watchdog. A test that hangs jest is recorded as timed out and the rest are run again without
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
  // The exercise's own course (exercises/<folder> is two levels down), not necessarily this one.
  const secrets = secretFilter(exercise, path.dirname(path.dirname(exercise.dir)));
  const finish = (result: ExerciseResult): ExerciseResult =>
    withoutSecrets({ ...result, duration_ms: Date.now() - started }, secrets);

  const missing = exercise.files.filter((file) => !fs.existsSync(path.join(subjectDir, file)));
  if (missing.length > 0) {
    const message = `not submitted: ${missing.map((file) => `${exercise.folder}/${file}`).join(', ')} not found`;
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
    const run = runTests(present, roots, {
      exerciseDir: exercise.dir,
      loadLimitMs: options.loadLimitMs ?? LIMITS.loadMs,
      loadCpuMs: options.loadCpuMs ?? LIMITS.loadCpuMs,
      sandbox,
      signal,
      warm: options.warm,
      startAhead: options.overlap === true && !options.warm,
      stall: options.stall,
    });
    return { stop, run };
  };
  // prettier runs as a process of its own: let it work while the type-checker does.
  // Settled at once, so a failing prettier is never an unhandled rejection while the check runs.
  const pendingStyle = checkStyle(files, subject.root, exercise.stylePoints ?? 0).then(
    (verdict) => ({ verdict }),
    (error: Error) => ({ error }),
  );
  const pendingCheck = typecheck(files, subject.root, sandbox, {
    shared: options.sharedTypecheck,
  });
  const early = options.overlap ? startTests() : undefined;
  const checked = await pendingCheck;
  if (checked.kind === 'failed' || checked.diagnostics.length > 0) {
    early?.stop.abort();
    // Code that does not compile gets no style verdict, so a failing prettier cannot matter here.
    await Promise.all([pendingStyle, early?.run]);
    const diagnostics = checked.kind === 'failed' ? [] : checked.diagnostics;
    const message =
      checked.kind === 'failed'
        ? `does not compile: ${checked.reason}`
        : `does not compile: ${diagnostics.length} type error${diagnostics.length === 1 ? '' : 's'}; fix ${diagnostics[0].file}:${diagnostics[0].line} first`;
    return finish({
      ...base,
      status: 'error',
      message,
      compile: { ok: false, diagnostics },
      tests: present.map((test) => skipped(test, 'skipped: the code does not compile')),
    });
  }

  const styled = await pendingStyle;
  if ('error' in styled) {
    early?.stop.abort();
    await early?.run;
    throw styled.error;
  }
  const style = styled.verdict;
  const { results, output, tampering } = await (early ?? startTests()).run;
  if (tampering.length > 0) {
    return finish({
      ...base,
      status: 'error',
      message:
        'no points: the results channel between the tests and the grader carried lines the tests did not write. Your instructor has the details.',
      tests: present.map((test) => skipped(test, 'not graded: results were tampered with')),
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
  });
}

/**
 * The verdict for a job whose grading process died twice while running it: every test unscored,
 * with the reason. Whatever did that came from the job (see batch/grade-job.ts).
 */
export function crashedResult(exercise: Exercise, reason: string): ExerciseResult {
  const message = `grading crashed: ${reason}. Does your code kill, stop or exhaust processes it did not start?`;
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

interface Roots {
  subjectRoot: string;
  graderRoot: string;
  /** Absolute paths of the student's files: the only places a failure location may point to. */
  studentFiles: string[];
}

interface TestsRun {
  results: Map<string, TestResult>;
  output: string;
  /** What was seen on the channel that the tests did not write (see jest/channel.ts). */
  tampering: string[];
}

/**
 * Runs the tests file by file, each file in a test process of its own; within a file, a run that
 * is killed (a hung main thread, a crash, a resource cap) is followed by another for the tests
 * still undecided, so one stuck test costs its own points only.
 */
async function runTests(
  tests: TestSpec[],
  roots: Roots,
  context: {
    exerciseDir: string;
    loadLimitMs: number;
    loadCpuMs: number;
    sandbox: SandboxStatus;
    signal?: AbortSignal;
    warm?: WarmAttempts;
    /**
     * Start the next test file's process while a file runs, held until its turn as a watch's are:
     * that file's turn then does not begin with node and jest starting up (ex03's check: 4.0 s to
     * 3.3 s). For a student's check; a batch's cores are busy with other jobs already.
     */
    startAhead?: boolean;
    stall?: StallWatch;
  },
): Promise<TestsRun> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-run-'));
  const ahead = context.startAhead ? new WarmAttempts() : undefined;
  const results = new Map<string, TestResult>();
  const tampering: string[] = [];
  let output = '';
  try {
    // Importing the code under test never finishing is the code's doing, not one test file's: the
    // other files would wait out the same load limit for the same verdict.
    let stuckAtImport: string | undefined;
    const files = [...new Set(tests.map((test) => test.file!))];
    const testsOf = (testFile: string) => tests.filter((test) => test.file === testFile);
    /** A run of these tests of one file (the file's other tests are declared skipped). */
    const setupFor = (testFile: string, run: TestSpec[]) => ({
      testFile,
      run: run.map((test) => test.name),
      timeouts: new Map(testsOf(testFile).map((test) => [test.name, test.timeoutMs])),
      subjectRoot: roots.subjectRoot,
      exerciseDir: context.exerciseDir,
      sandbox: context.sandbox,
    });
    for (const [index, testFile] of files.entries()) {
      const ofFile = testsOf(testFile);
      if (stuckAtImport) {
        for (const test of ofFile) results.set(test.name, timedOut(test, stuckAtImport));
        continue;
      }
      for (;;) {
        const pending = ofFile.filter((test) => !results.has(test.name));
        if (pending.length === 0 || context.signal?.aborted) break;
        const setup = setupFor(testFile, pending);
        // Only a file's first run is the same from one check to the next, so only it is kept warm.
        const isFirstRun = pending.length === ofFile.length;
        const held = isFirstRun ? (context.warm ?? ahead)?.take(setup) : undefined;
        const started = held ?? startJestAttempt({ ...setup, workDir }, false);
        if (ahead && index + 1 < files.length) {
          const next = files[index + 1];
          ahead.prepare(setupFor(next, testsOf(next)));
        }
        const attempt = await started.go({
          loadLimitMs: context.loadLimitMs,
          loadCpuMs: context.loadCpuMs,
          signal: context.signal,
          stall: context.stall,
        });
        output = [output, studentOutput(relativize(attempt.output, roots))]
          .filter(Boolean)
          .join('\n');
        tampering.push(...attempt.tampering);
        if (attempt.stop.kind === 'crashed') assertGraderCanWrite(workDir);
        const before = results.size;
        applyAttempt(attempt, pending, results, roots, tampering);
        if (
          attempt.stop.kind === 'load-timeout' &&
          !attempt.events.some((event) => event.type === 'start')
        )
          stuckAtImport = `not run: ${loadTimeoutMessage(attempt.stop)}`;
        // Nothing decided means running again would only repeat what happened: stop here.
        if (results.size === before) {
          for (const test of pending) {
            if (!results.has(test.name))
              results.set(test.name, failed(test, explainStuckRun(attempt)));
          }
        }
      }
    }
  } finally {
    ahead?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  for (const test of tests)
    if (!results.has(test.name))
      results.set(test.name, skipped(test, 'stopped: grading was interrupted'));
  return { results, output: output.slice(-4000), tampering };
}

/**
 * A test process that died may have died of the grader's own disk being full or read-only: that is
 * the grader's failure, to be retried, never the student's zero. Throws when the grader cannot write.
 */
function assertGraderCanWrite(dir: string): void {
  const probe = path.join(dir, 'write-probe');
  try {
    fs.writeFileSync(probe, Buffer.alloc(256 * 1024));
    fs.rmSync(probe);
  } catch (error) {
    throw new Error(
      `the grader cannot write its temporary files (${(error as NodeJS.ErrnoException).code ?? (error as Error).message} in ${dir}): fix that and run again`,
    );
  }
}

function applyAttempt(
  attempt: Attempt,
  pending: TestSpec[],
  results: Map<string, TestResult>,
  roots: Roots,
  tampering: string[],
): void {
  const byName = new Map(pending.map((test) => [test.name, test]));
  let fileFinished = false;
  for (const event of attempt.events) {
    if (event.type === 'result') {
      const test = byName.get(event.name);
      if (!test || event.status === 'pending' || event.status === 'skipped') continue;
      // jest's word can fail a test; only the test's own pass token can pass it.
      if (event.status === 'passed' && !attempt.passed.has(test.name)) {
        tampering.push(
          `jest reported "${test.name}" as passed, but the test itself never confirmed it`,
        );
        continue;
      }
      results.set(
        test.name,
        withStuck(
          fromJest(test, event.status, event.durationMs, event.failureMessages, roots),
          attempt,
          roots,
          test.timeoutMs,
        ),
      );
    } else if (event.type === 'file') {
      fileFinished = true;
      if (event.execError) {
        // The file failed before its tests ran: usually the student's module threw at import.
        const { message, location } = cleanFailure(event.execError, roots);
        for (const test of pending.filter((candidate) => !results.has(candidate.name))) {
          results.set(test.name, {
            ...failed(test, `could not load the code under test:\n${message}`),
            location,
          });
        }
      }
    }
  }
  // A token with no jest verdict is no pass: a test passes only when both its own function handed
  // back its token and jest reported it passed. A process that dies leaves its tests undecided.
  const stop = attempt.stop;
  if (stop.kind === 'test-timeout') {
    const test = byName.get(stop.test);
    if (test && !results.has(test.name))
      results.set(
        test.name,
        withStuck(timedOut(test, blockedMessage(stop.limitMs)), attempt, roots, stop.limitMs, true),
      );
  } else if (stop.kind === 'crashed' && attempt.running) {
    const test = byName.get(attempt.running);
    if (test && !results.has(test.name))
      results.set(test.name, failed(test, crashMessage(stop.code, stop.signal)));
  } else if (stop.kind === 'resource') {
    const killed = `killed: ${stop.detail}.`;
    const test = attempt.running ? byName.get(attempt.running) : undefined;
    const blamed = test ? [test] : pending.filter((candidate) => !results.has(candidate.name));
    for (const each of blamed)
      if (!results.has(each.name)) results.set(each.name, failed(each, killed));
  } else if (stop.kind === 'load-timeout') {
    const started = attempt.events.some((event) => event.type === 'start');
    if (!started)
      for (const test of pending.filter((candidate) => !results.has(candidate.name)))
        results.set(test.name, timedOut(test, loadTimeoutMessage(stop)));
  }
  // Tests of a file that finished normally but never reported were filtered or misnamed.
  if (fileFinished)
    for (const test of pending.filter((candidate) => !results.has(candidate.name)))
      results.set(
        test.name,
        failed(test, `the test did not run (is "${test.name}" still the test's exact title?)`),
      );
}

/** A timed-out test the stack probe saw: where each thread was stuck, instead of a guess. */
function withStuck(
  result: TestResult,
  attempt: Attempt,
  roots: Roots,
  limitMs: number,
  killed = false,
): TestResult {
  const report = attempt.stuck.get(result.name);
  if (result.status !== 'timeout' || !report) return result;
  const explained = explainStuck(report, roots);
  if (!explained) return result;
  return {
    ...result,
    message: `timed out after ${seconds(limitMs)}${killed ? ' and had to be killed' : ''}: ${explained.text}`,
    stuck: explained.stuck,
    ...(explained.location && { location: explained.location }),
  };
}

function fromJest(
  test: TestSpec,
  status: string,
  durationMs: number,
  failureMessages: string[],
  roots: Roots,
): TestResult {
  if (status === 'passed') {
    return { ...outline(test), status: 'pass', score: test.points, duration_ms: durationMs };
  }
  const raw = failureMessages.join('\n\n');
  if (isJestTimeout(raw)) {
    return { ...timedOut(test, waitingMessage(test.timeoutMs)), duration_ms: durationMs };
  }
  if (status !== 'failed') return skipped(test, `jest reported the test as ${status}`);
  const { message, location } = cleanFailure(raw, roots);
  return { ...failed(test, message), duration_ms: durationMs, location };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function waitingMessage(limitMs: number): string {
  return `timed out after ${seconds(limitMs)}: the test was still waiting for your code. Likely a deadlock: a lock that is never released, a waiter that is never woken, a worker that never exits, or a promise that never settles.`;
}

function blockedMessage(limitMs: number): string {
  return `timed out after ${seconds(limitMs)} and had to be killed: the main thread never gave control back. Likely an infinite loop, a busy-wait, or Atomics.wait on the main thread.`;
}

function loadTimeoutMessage(stop: Extract<Stop, { kind: 'load-timeout' }>): string {
  if (stop.measure === 'wall')
    return `timed out after ${seconds(stop.limitMs)} while loading: importing your code never finished. Is there a loop or a blocking wait at the top level of your file?`;
  // Honest code loads holding a tenth of this; filling memory page by page keeps the CPU busy.
  const held = stop.rssBytes ?? 0;
  if (held > LIMITS.jobMemoryBytes / 4)
    return `timed out while loading, after ${seconds(stop.limitMs)} of processor time, holding ${Math.round(held / (1024 * 1024))} MB of memory: importing your code never finished. Is something at the top level of your file growing without bound?`;
  return `timed out while loading, after ${seconds(stop.limitMs)} of processor time: importing your code kept the processor busy and never finished. Is there a loop at the top level of your file?`;
}

function crashMessage(code: number | null, signal: string | null): string {
  if (code === 134 || signal === 'SIGABRT')
    return 'the test process ran out of memory during this test (is something growing without bound?)';
  return `the test process exited during this test (${signal ? `signal ${signal}` : `exit code ${code}`}). Does your code call process.exit()?`;
}

function explainStuckRun(attempt: Attempt): string {
  const stop = attempt.stop;
  if (stop.kind === 'crashed') {
    const tail = attempt.output.trim().split('\n').slice(-8).join('\n');
    return `the tests could not run: the test process ended early (${stop.signal ? `signal ${stop.signal}` : `exit code ${stop.code}`}). Does your code call process.exit() when it is imported?${tail ? `\n${tail}` : ''}`;
  }
  return 'the tests could not run';
}

const outline = (test: TestSpec) => ({
  name: test.name,
  visibility: test.visibility,
  max_score: test.points,
});

function failed(test: TestSpec, message: string): TestResult {
  return { ...outline(test), status: 'fail', score: 0, message, hint: test.hint };
}

function timedOut(test: TestSpec, message: string): TestResult {
  return {
    ...outline(test),
    status: 'timeout',
    score: 0,
    message,
    hint: test.hint,
    duration_ms: test.timeoutMs,
  };
}

function skipped(test: TestSpec, message: string): TestResult {
  return { ...outline(test), status: 'skipped', score: 0, message };
}

/** The exercise's test files and the TypeScript they load in workers or children. */
function supportFiles(exercise: Exercise): string[] {
  return [visibleTestsDir(exercise.dir), hiddenTestsDir(exercise.dir)]
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) => fs.readdirSync(dir).map((name) => path.join(dir, name)))
    .filter((file) => file.endsWith('.ts'));
}

/** What the subject printed, without jest's own notices. */
function studentOutput(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('Force exiting Jest'))
    .join('\n')
    .trim();
}
