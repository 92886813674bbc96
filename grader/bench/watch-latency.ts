import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { graderRoot } from '../paths';
import { graderCommand } from './commands';
import { killGroup } from './run-timed';
import { median } from './stats';

export interface WatchRow {
  exercise: string;
  /** Median time from saving a student file to the last line of the re-run. */
  rerun_ms: number;
  rerun_runs_ms: number[];
  /** Re-runs that did not pass on the solution and were made again (not in the times). */
  retried: number;
}

// The last line every check in watch mode prints (commands/watch.ts).
const LAST_LINE = /Watching .* for changes/g;
const RERUN_LIMIT_MS = 120_000;
// Quiet time after a re-run, so a late file event cannot start a run that the next save would time.
const SETTLE_MS = 500;
// What a passing check prints (report/terminal), and how many failed re-runs are tolerated.
const PASSED = 'All tests passed';
const RETRIES = 2;

/**
 * `check --watch` on a throwaway copy of the solution: save a student file (same content, as an
 * editor's save), time until the re-run's last line is printed. The first run is not counted.
 */
export async function measureWatchLatency(
  course: Course,
  exercise: Exercise,
  runs: number,
): Promise<WatchRow> {
  const subject = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-watch-'));
  const folder = path.join(subject, exercise.folder);
  fs.mkdirSync(folder);
  for (const file of exercise.files)
    fs.copyFileSync(path.join(solutionDir(course, exercise), file), path.join(folder, file));
  const { command, args } = graderCommand('check', '--watch', exercise.id, '--subject', subject);
  const child = spawn(command, args, {
    cwd: graderRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let lastLines = 0;
  let waiter: (() => void) | undefined;
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    lastLines = (output.match(LAST_LINE) ?? []).length;
    waiter?.();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const lastLineNumber = (count: number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = undefined;
        reject(
          new Error(`watch ${exercise.id}: no re-run within ${RERUN_LIMIT_MS} ms:\n${output}`),
        );
      }, RERUN_LIMIT_MS);
      waiter = () => {
        if (lastLines < count) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(performance.now());
      };
      waiter();
    });
  try {
    await lastLineNumber(1);
    const times: number[] = [];
    const student = path.join(folder, exercise.files[0]);
    const text = fs.readFileSync(student);
    let retried = 0;
    while (times.length < runs) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const before = lastLines;
      const from = output.length;
      const saved = performance.now();
      fs.writeFileSync(student, text);
      const ms = (await lastLineNumber(before + 1)) - saved;
      // A re-run that did not pass (the type-checker out of time under load) is not a measurement.
      if (output.slice(from).includes(PASSED)) times.push(ms);
      else if (++retried > RETRIES)
        throw new Error(
          `watch ${exercise.id}: the re-run on the solution failed ${retried} times:\n${output.slice(from).trimEnd().split('\n').slice(0, 4).join('\n')}`,
        );
    }
    return { exercise: exercise.id, rerun_ms: median(times), rerun_runs_ms: times, retried };
  } finally {
    // Stopped as a student stops it (Ctrl-C), so it removes what it made; killed if it lingers.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    killGroup(child.pid);
    fs.rmSync(subject, { recursive: true, force: true });
  }
}
