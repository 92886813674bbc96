import type { TestSpec } from '../course/types';
import { capMessage } from '../jest/channel';
import type { TestResult } from '../result/types';
import { cleanFailure, isJestTimeout } from './failure-message';
import { reportedAsMessage, waitingMessage } from './student-messages';

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
  if (isJestTimeout(raw)) {
    return { ...timedOut(test, waitingMessage(test.timeoutMs)), duration_ms: durationMs };
  }
  if (status !== 'failed') return skipped(test, reportedAsMessage(status));
  const { message, location } = cleanFailure(raw, roots);
  return { ...failed(test, message), duration_ms: durationMs, location };
}
