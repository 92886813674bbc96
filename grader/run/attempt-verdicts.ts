import type { TestSpec } from '../course/types';
import type { TestResult } from '../result/types';
import { cleanFailure } from './failure-message';
import type { Attempt } from './jest-attempt';
import { explainStuck } from './stuck';
import { decidesTest } from './test-clock';
import {
  blockedMessage,
  crashMessage,
  didNotRunMessage,
  hungStuckMessage,
  loadFailedMessage,
  loadTimeoutMessage,
  resourceMessage,
  stuckMessage,
} from './student-messages';
import { failed, fromJest, overran, Roots, timedOut } from './test-results';

export interface AttemptVerdicts {
  /** The tests this attempt decided, by title, in the order it decided them. */
  decided: Map<string, TestResult>;
  /** What the attempt's events claimed that the tests themselves never confirmed. */
  tampering: string[];
}

/**
 * What one run of a test process decided about the tests it was given (`pending`): a pure function
 * of what the process reported and how it stopped. Tests it did not decide are left for the next
 * run (see run-tests.ts); golden tests over recorded attempts pin it down (attempt-verdicts.test.ts).
 */
export function attemptVerdicts(
  attempt: Attempt,
  pending: TestSpec[],
  roots: Roots,
): AttemptVerdicts {
  const byName = new Map(pending.map((test) => [test.name, test]));
  const decided = new Map<string, TestResult>();
  const tampering: string[] = [];
  const undecided = () => pending.filter((test) => !decided.has(test.name));
  const decide = (test: TestSpec | undefined, result: () => TestResult) => {
    if (test && !decided.has(test.name)) decided.set(test.name, result());
  };
  let fileFinished = false;
  /** Tests jest reported a verdict for: it reports each once. */
  const reported = new Set<string>();
  /** Tests jest reported the start of, or graded code did. */
  const started = new Set<string>();
  for (const event of attempt.events) {
    if (event.type === 'start') started.add(event.name);
    else if (event.type === 'result') {
      const test = byName.get(event.name);
      if (!test || !decidesTest(event.status)) continue;
      // jest reports each test once: another word is graded code's, and like jest's it can fail a
      // test, never pass it. The last word was kept, so a pass written after jest failed a test
      // whose own function had completed (its token sent) became the verdict.
      if (reported.has(test.name) && event.status === 'passed') continue;
      reported.add(test.name);
      // jest's word can fail a test; only the test's own pass token can pass it.
      if (event.status === 'passed' && !attempt.passed.has(test.name)) {
        tampering.push(
          `jest reported "${test.name}" as passed, but the test itself never confirmed it`,
        );
        continue;
      }
      // The setup's word on why it ended a test, never jest's wording (it can only fail a test).
      const overrun = event.status === 'passed' ? undefined : attempt.overruns.get(test.name);
      const result = overrun
        ? overran(test, overrun, roots)
        : fromJest(test, event.status, event.durationMs, event.failureMessages, roots);
      decided.set(test.name, withStuck(result, attempt, roots, test.timeoutMs));
    } else if (event.type === 'file') {
      fileFinished = true;
      if (event.execError) {
        // The file failed before its tests ran: usually the student's module threw at import.
        const { message, location } = cleanFailure(event.execError, roots);
        for (const test of undecided())
          decided.set(test.name, { ...failed(test, loadFailedMessage(message)), location });
      }
    }
  }
  // The setup ended a test and the process went before jest said so: the setup's word stands.
  for (const [name, overrun] of attempt.overruns) {
    const test = byName.get(name);
    decide(test, () => withStuck(overran(test!, overrun, roots), attempt, roots, test!.timeoutMs));
  }
  // A token with no jest verdict is no pass: a test passes only when both its own function handed
  // back its token and jest reported it passed. A process that dies leaves its tests undecided.
  // What ended the run is blamed on every test started and undecided: jest runs one at a time, so
  // more than one means graded code wrote a start, and a line it wrote can only fail a test. The
  // earliest alone was blamed: a start written at import for a later test took the blame for a busy
  // loop in the test that ran, which was left undecided and so run again in a fresh process.
  const open = pending.filter((test) => started.has(test.name) && !decided.has(test.name));
  const stop = attempt.stop;
  if (stop.kind === 'test-timeout') {
    for (const test of [byName.get(stop.test), ...open])
      decide(test, () =>
        withStuck(
          timedOut(test!, blockedMessage(stop.limitMs)),
          attempt,
          roots,
          stop.limitMs,
          true,
        ),
      );
  } else if (stop.kind === 'crashed') {
    for (const test of open) decide(test, () => failed(test, crashMessage(stop.code, stop.signal)));
  } else if (stop.kind === 'resource') {
    for (const each of open.length > 0 ? open : undecided())
      decide(each, () => failed(each, resourceMessage(stop.detail)));
  } else if (stop.kind === 'load-timeout') {
    const started = attempt.events.some((event) => event.type === 'start');
    if (!started)
      for (const test of undecided()) decide(test, () => timedOut(test, loadTimeoutMessage(stop)));
  }
  // Tests of a file that finished normally but never reported were filtered or misnamed.
  if (fileFinished)
    for (const test of undecided()) decide(test, () => failed(test, didNotRunMessage(test.name)));
  return { decided, tampering };
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
  const overrun = attempt.overruns.get(result.name);
  return {
    ...result,
    message:
      overrun?.why === 'hung'
        ? hungStuckMessage(overrun.afterMs, explained.text)
        : stuckMessage(limitMs, killed, explained.text),
    stuck: explained.stuck,
    ...(explained.location && { location: explained.location }),
  };
}
