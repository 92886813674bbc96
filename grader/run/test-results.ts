import type { TestSpec } from '../course/types';
import { capMessage } from '../jest/channel';
import type { StuckThread, TestResult } from '../result/types';
import type { Overrun } from '../jest/channel';
import { cleanFailure } from './failure-message';
import { hungLocation, siteFrames, waitLines } from './hung-sites';
import { unsettledLine, unsettledLocation, unsettledSites } from './unsettled-sites';
import { hungMessage, reportedAsMessage, waitingMessage } from './student-messages';

/** Where a run's files are: failure locations may point only into the student's own files. */
export interface Roots {
  subjectRoot: string;
  graderRoot: string;
  /** Absolute paths of the student's files: the only places a failure location may point to. */
  studentFiles: string[];
}

const outline = (test: TestSpec) => ({
  name: test.name,
  visibility: test.visibility,
  max_score: test.points,
});

export function passed(test: TestSpec, durationMs: number): TestResult {
  return { ...outline(test), status: 'pass', score: test.points, duration_ms: durationMs };
}

export function failed(test: TestSpec, message: string): TestResult {
  return { ...outline(test), status: 'fail', score: 0, message, hint: test.hint };
}

export function timedOut(test: TestSpec, message: string): TestResult {
  return {
    ...outline(test),
    status: 'timeout',
    score: 0,
    message,
    hint: test.hint,
    duration_ms: test.timeoutMs,
  };
}

export function skipped(test: TestSpec, message: string): TestResult {
  return { ...outline(test), status: 'skipped', score: 0, message };
}

/** A test jest reported on (its pass already confirmed by the test's own token). */
export function fromJest(
  test: TestSpec,
  status: string,
  durationMs: number,
  failureMessages: string[],
  roots: Roots,
): TestResult {
  if (status === 'passed') return passed(test, durationMs);
  // Each message is capped where it is read; together they are held to the same cap.
  const raw = capMessage(failureMessages.join('\n\n'));
  if (status !== 'failed') return skipped(test, reportedAsMessage(status));
  const { message, location } = cleanFailure(raw, roots);
  return { ...failed(test, message), duration_ms: durationMs, location };
}

/**
 * A test the setup ended (jest/setup.ts): at its time limit, or as hung, when no thread could
 * make progress any more and waiting out the limit would have changed nothing.
 */
export function overran(test: TestSpec, overrun: Overrun, roots: Roots): TestResult {
  // The student's promises that never settled: where they were made is the line to show when no
  // thread waits in the student's code.
  const unsettled = unsettledSites(overrun.unsettled, roots);
  const promiseLine = unsettledLine(unsettled);
  const promiseLocation = unsettledLocation(unsettled);
  if (overrun.why === 'time-limit')
    return {
      ...timedOut(
        test,
        [waitingMessage(overrun.limitMs), ...(promiseLine ? [promiseLine] : [])].join('\n'),
      ),
      duration_ms: overrun.limitMs,
      ...(promiseLocation && { location: promiseLocation }),
    };
  const threads = hungThreads(overrun, roots);
  const location = hungLocation(threads) ?? promiseLocation;
  const where = waitLines(threads);
  const message = [
    hungMessage(overrun.afterMs, test.timeoutMs, threads),
    ...(overrun.again ? [AGAIN] : []),
    ...(where.length > 0 ? [`Where: ${where.join('; ')}.`] : []),
    ...(promiseLine ? [promiseLine] : []),
  ].join('\n');
  return {
    ...timedOut(test, message),
    duration_ms: overrun.afterMs,
    stuck: { verdict: 'deadlock', threads },
    ...(location && { location }),
  };
}

const AGAIN =
  'It came to the same dead state as an earlier test, so it was ended after a short look.';

/**
 * The main thread, then the workers in the order they were started (their thread ids), each with
 * the student's frames of where it waited (run/hung-sites.ts).
 */
function hungThreads(overrun: Extract<Overrun, { why: 'hung' }>, roots: Roots): StuckThread[] {
  const sorted = [...overrun.threads].sort((a, b) => a.thread - b.thread);
  return [
    overrun.blocked
      ? { name: 'main thread', state: 'waiting', frames: siteFrames(overrun.mainSite, roots) }
      : { name: 'main thread', state: 'idle', frames: [] },
    ...sorted.map((worker, index) => ({
      name: `worker ${index + 1} of ${sorted.length}`,
      state: worker.state,
      frames: siteFrames(worker.site, roots),
    })),
  ];
}
