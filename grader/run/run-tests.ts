import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TestSpec } from '../course/types';
import { planTests } from '../jest/channel';
import { withDeadStates } from '../jest/dead-state';
import { runPool } from '../pool';
import type { TestResult } from '../result/types';
import { attemptVerdicts } from './attempt-verdicts';
import { relativize } from './failure-message';
import { StallWatch, startJestAttempt } from './jest-attempt';
import type { SandboxStatus } from './sandbox';
import {
  explainStuckRun,
  INTERRUPTED_MESSAGE,
  loadTimeoutMessage,
  notRunMessage,
} from './student-messages';
import { failed, Roots, skipped, timedOut } from './test-results';
import { WarmAttempts } from './warm-attempts';

export interface TestsRun {
  results: Map<string, TestResult>;
  output: string;
  /** What was seen on the channel that the tests did not write (see jest/channel.ts). */
  tampering: string[];
  /** Why the first file whose import never finished was not run: the verdict of every file after it. */
  stuckAtImport?: string;
}

export interface TestsContext {
  exerciseDir: string;
  loadLimitMs: number;
  loadCpuMs: number;
  sandbox: SandboxStatus;
  signal?: AbortSignal;
  warm?: WarmAttempts;
  /**
   * Start the next test file's process while a file runs, held until its turn as a watch's are:
   * that file's turn then does not begin with node and jest starting up (ex03's check: 4.0 s to
   * 3.3 s). For one lane (`parallelFiles` 1) on a machine with cores to spare.
   */
  startAhead?: boolean;
  /**
   * How many test files run at the same time (default 1). A student's check runs them side by side
   * on the machine's cores: each file has its own process and its own limits, so the verdicts are
   * the same as one after another, only sooner. A batch's cores are busy with other jobs already.
   */
  parallelFiles?: number;
  stall?: StallWatch;
  /**
   * The dead states (jest/dead-state.ts) this job's test processes were proven hung in so far,
   * added to as hangs come: each later test process starts with them, so a job whose tests wait
   * on the same dead state pays the hang watch's full confirmation once, not once per process
   * (one per test file, and one more after each blocked main thread, in every run). Absent: kept
   * for this run only.
   */
  deadStates?: DeadStates;
  /**
   * Shared by the runs of one job that go file by file (run/repeat-tests.ts): once a file's import
   * never finished, a file started later is not run (its tests get the same verdict), as a later
   * file of the same run is not.
   */
  importStuck?: { message?: string };
}

/** The keys of the dead states proven so far; undefined until one is. */
export interface DeadStates {
  keys?: Set<string>;
}

/**
 * Runs the tests file by file (or `parallelFiles` files at a time), each file in a test process of
 * its own; within a file, a run that
 * is killed (a hung main thread, a crash, a resource cap) is followed by another for the tests
 * still undecided, so one stuck test costs its own points only.
 */
export async function runTests(
  tests: TestSpec[],
  roots: Roots,
  context: TestsContext,
): Promise<TestsRun> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-run-'));
  const ahead = context.startAhead ? new WarmAttempts() : undefined;
  const dead = context.deadStates ?? {};
  // Kept per file and joined in file order, so files run side by side report as one after another.
  const byFile: FileRun[] = [];
  const grouped = testsByFile(tests);
  const files = [...grouped.keys()];
  const testsOf = (testFile: string) => grouped.get(testFile)!;
  /** A file's tests, none run: the code's import never finished in an earlier file. */
  const notRun = (testFile: string, message: string) =>
    new Map(testsOf(testFile).map((test) => [test.name, timedOut(test, message)]));
  try {
    // Importing the code under test never finishing is the code's doing, not one test file's: the
    // files not started yet would wait out the same load limit for the same verdict.
    let stuckAtImport: string | undefined;
    /** A run of these tests of one file (the file's other tests are declared skipped). */
    const setupFor = (testFile: string, run: TestSpec[]) => ({
      testFile,
      tests: planTests(run),
      subjectRoot: roots.subjectRoot,
      exerciseDir: context.exerciseDir,
      sandbox: context.sandbox,
    });
    /** The first file no lane has taken yet: the one to start ahead. */
    let nextFile = 0;
    const runFile = async (testFile: string): Promise<FileRun> => {
      const ofFile = testsOf(testFile);
      const run: FileRun = { results: new Map(), output: '', tampering: [] };
      const stuck = stuckAtImport ?? context.importStuck?.message;
      if (stuck) return { ...run, results: notRun(testFile, stuck) };
      for (;;) {
        const pending = ofFile.filter((test) => !run.results.has(test.name));
        if (pending.length === 0 || context.signal?.aborted) break;
        const setup = setupFor(testFile, pending);
        // Only a file's first run is the same from one check to the next, so only it is kept warm.
        const isFirstRun = pending.length === ofFile.length;
        const held = isFirstRun ? (context.warm ?? ahead)?.take(setup) : undefined;
        const deadStates = dead.keys && [...dead.keys];
        const started = held ?? startJestAttempt({ ...setup, workDir, deadStates }, false);
        if (ahead && nextFile < files.length) {
          const next = files[nextFile];
          ahead.prepare(setupFor(next, testsOf(next)));
        }
        const attempt = await started.go({
          loadLimitMs: context.loadLimitMs,
          loadCpuMs: context.loadCpuMs,
          signal: context.signal,
          stall: context.stall,
          deadStates,
        });
        for (const overrun of attempt.overruns.values())
          if (overrun.why === 'hung' && overrun.keys)
            dead.keys = withDeadStates(dead.keys, overrun.keys);
        run.output = [run.output, studentOutput(relativize(attempt.output, roots))]
          .filter(Boolean)
          .join('\n');
        run.tampering.push(...attempt.tampering);
        if (attempt.stop.kind === 'crashed') assertGraderCanWrite(workDir);
        const verdicts = attemptVerdicts(attempt, pending, roots);
        run.tampering.push(...verdicts.tampering);
        for (const [name, result] of verdicts.decided) run.results.set(name, result);
        if (
          attempt.stop.kind === 'load-timeout' &&
          !attempt.events.some((event) => event.type === 'start')
        ) {
          run.stuckAtImport = notRunMessage(loadTimeoutMessage(attempt.stop));
          stuckAtImport ??= run.stuckAtImport;
          if (context.importStuck) context.importStuck.message ??= run.stuckAtImport;
        }
        // Nothing decided means running again would only repeat what happened: stop here.
        if (verdicts.decided.size === 0)
          for (const test of pending)
            run.results.set(test.name, failed(test, explainStuckRun(attempt)));
      }
      return run;
    };
    // runPool ends every lane before it throws, so the folders go only after every test process.
    await runPool(files.keys(), context.parallelFiles ?? 1, async (index) => {
      nextFile = index + 1;
      byFile[index] = await runFile(files[index]);
    });
  } finally {
    ahead?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const stuck = byFile.map((run) => run.stuckAtImport);
  const results = new Map([
    ...byFile.flatMap((run) => [...run.results]),
    ...testsAfterStuckImport(files.map(testsOf), stuck),
  ]);
  const tampering = byFile.flatMap((run) => run.tampering);
  const output = byFile
    .map((run) => run.output)
    .filter(Boolean)
    .join('\n');
  for (const test of tests)
    if (!results.has(test.name)) results.set(test.name, skipped(test, INTERRUPTED_MESSAGE));
  const stuckAtImport = stuck.find((message) => message !== undefined);
  return { results, output: output.slice(-4000), tampering, stuckAtImport };
}

/**
 * As one run after another: every test of the files after the first whose import never finished,
 * with that file's message as its verdict, even where, side by side, a later file had started
 * already. `stuckAtImport` is each file's message, undefined where its import finished.
 */
export function testsAfterStuckImport(
  files: TestSpec[][],
  stuckAtImport: readonly (string | undefined)[],
): Map<string, TestResult> {
  const first = stuckAtImport.findIndex((message) => message !== undefined);
  if (first < 0) return new Map();
  const message = stuckAtImport[first]!;
  return new Map(
    files
      .slice(first + 1)
      .flat()
      .map((test) => [test.name, timedOut(test, message)]),
  );
}

/** The tests of each file, files in the order of their first test. */
export function testsByFile(tests: TestSpec[]): Map<string, TestSpec[]> {
  const grouped = new Map<string, TestSpec[]>();
  for (const test of tests) {
    const group = grouped.get(test.file!);
    if (group) group.push(test);
    else grouped.set(test.file!, [test]);
  }
  return grouped;
}

/** What one test file's runs decided. */
interface FileRun {
  results: Map<string, TestResult>;
  output: string;
  tampering: string[];
  /** Its import never finished: the verdict of the files after it. */
  stuckAtImport?: string;
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

/** What the subject printed, without jest's own notices. */
function studentOutput(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('Force exiting Jest'))
    .join('\n')
    .trim();
}
