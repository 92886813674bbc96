import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { graderRoot } from '../paths';
import { graderCommand, jestBin } from './commands';
import { runTimed, TimedRun } from './run-timed';
import { median, ratio } from './stats';

export interface CheckRow {
  exercise: string;
  /** Median of the measured runs of `check <exercise> --subject solutions`, whole command. */
  check_ms: number;
  check_runs_ms: number[];
  /** The same rounds' median of plain jest on one trivial JS test. */
  trivial_jest_ms: number;
  /** Median over the runs of the exercise's tests' own durations, summed (from --json). */
  tests_ms: number;
  vs_trivial_jest: number | null;
  vs_tests: number | null;
  /** Runs that failed on the reference solution and were run again (not counted in the times). */
  retried: number;
}

// On a heavily loaded machine the type-checker can run out of its time limit on the reference
// solution: such a run is not a measurement of a working check, so it is run again, and counted.
const RETRIES = 2;

async function checkWithRetries(
  command: string,
  args: string[],
  json: string,
  exercise: string,
  onRetry: () => void,
): Promise<TimedRun> {
  for (let attempt = 0; ; attempt++) {
    fs.rmSync(json, { force: true });
    const run = await runTimed(command, args, { cwd: graderRoot });
    if (run.code === 0) return run;
    if (attempt === RETRIES)
      throw new Error(
        `check ${exercise} on the solution failed ${RETRIES + 1} times in a row: ${failureOf(json, run)}`,
      );
    onRetry();
  }
}

/** Why a check failed: the result's own message when it wrote one, else the output's last lines. */
function failureOf(json: string, run: TimedRun): string {
  try {
    const result = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      exercises: { message?: string }[];
    };
    const message = result.exercises[0]?.message;
    if (message) return message;
  } catch {
    // no result written: the output says why
  }
  return `\n${tail(run.output)}`;
}

/**
 * check latency on the reference solution, beside its floors measured in the same rounds: every
 * round runs the trivial jest test and then each exercise's check, so load on the machine falls on
 * both alike. One unmeasured round first warms the transpile and jest caches.
 */
export async function measureCheckLatency(exercises: string[], runs: number): Promise<CheckRow[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-check-'));
  try {
    const trivial = trivialJest(scratch);
    const trivialMs: number[] = [];
    const checkMs = new Map(exercises.map((id) => [id, [] as number[]]));
    const testsMs = new Map(exercises.map((id) => [id, [] as number[]]));
    const retried = new Map(exercises.map((id) => [id, 0]));
    for (let round = 0; round <= runs; round++) {
      const floor = await runTimed(trivial.command, trivial.args, { cwd: scratch });
      if (floor.code !== 0) throw new Error(`plain jest failed:\n${tail(floor.output)}`);
      if (round > 0) trivialMs.push(floor.ms);
      for (const exercise of exercises) {
        const json = path.join(scratch, `${exercise}.json`);
        const { command, args } = graderCommand(
          'check',
          exercise,
          '--subject',
          'solutions',
          // Hidden tests' durations are shown only with --reveal; the floor needs them all.
          '--reveal',
          '--json',
          json,
        );
        const run = await checkWithRetries(command, args, json, exercise, () =>
          retried.set(exercise, retried.get(exercise)! + 1),
        );
        if (round === 0) continue;
        checkMs.get(exercise)!.push(run.ms);
        testsMs.get(exercise)!.push(summedTestDurations(JSON.parse(fs.readFileSync(json, 'utf8'))));
      }
    }
    const floor = median(trivialMs);
    return exercises.map((exercise) => {
      const check = median(checkMs.get(exercise)!);
      const tests = median(testsMs.get(exercise)!);
      return {
        exercise,
        check_ms: check,
        check_runs_ms: checkMs.get(exercise)!,
        trivial_jest_ms: floor,
        tests_ms: tests,
        vs_trivial_jest: ratio(check, floor) ?? null,
        vs_tests: ratio(check, tests) ?? null,
        retried: retried.get(exercise)!,
      };
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A throwaway folder with one empty JS test, run by the course's jest with no transform. */
export function trivialJest(scratch: string): { command: string; args: string[] } {
  const dir = path.join(scratch, 'trivial');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'trivial.test.js'), "test('x', () => {});\n");
  const config = {
    rootDir: dir,
    transform: {},
    cacheDirectory: path.join(scratch, 'jest-cache'),
    watchman: false,
  };
  return {
    command: process.execPath,
    args: [jestBin(), '--config', JSON.stringify(config), '--ci'],
  };
}

/** The tests' own time: the sum of every test's duration_ms in a result document. */
export function summedTestDurations(result: {
  exercises: { tests: { duration_ms?: number }[] }[];
}): number {
  return result.exercises
    .flatMap((exercise) => exercise.tests)
    .reduce((sum, test) => sum + (test.duration_ms ?? 0), 0);
}

const tail = (output: string) => output.trimEnd().split('\n').slice(-12).join('\n');
