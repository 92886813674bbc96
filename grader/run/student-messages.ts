import { LIMITS } from './limits';
import type { Attempt, Stop } from './jest-attempt';

// Every sentence a student reads about how a run went, in one place, so that each can be checked
// against the cause it claims. The test kit's own failure messages (what was expected, what came)
// are written by the tests; these say what the grader saw happen to the run.

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export const notSubmittedMessage = (files: string[]) =>
  `not submitted: ${files.join(', ')} not found`;

export function doesNotCompileMessage(
  failure: string | undefined,
  diagnostics: { file: string; line: number }[],
): string {
  if (failure !== undefined) return `does not compile: ${failure}`;
  const first = diagnostics[0];
  return `does not compile: ${diagnostics.length} type error${diagnostics.length === 1 ? '' : 's'}; fix ${first.file}:${first.line} first`;
}

export const SKIPPED_NOT_COMPILING = 'skipped: the code does not compile';

export const TAMPERED_MESSAGE =
  'no points: the results channel between the tests and the grader carried lines the tests did not write. Your instructor has the details.';
export const TAMPERED_TEST_MESSAGE = 'not graded: results were tampered with';

export const INTERRUPTED_MESSAGE = 'stopped: grading was interrupted';

export const crashedJobMessage = (reason: string) =>
  `grading crashed: ${reason}. Does your code kill, stop or exhaust processes it did not start?`;

export function waitingMessage(limitMs: number): string {
  // Still waiting at the limit is all that was seen: code that is only far too slow ends so too.
  return `timed out after ${seconds(limitMs)}: the test was still waiting for your code. Likely a deadlock (a lock that is never released, a waiter that is never woken, a worker that never exits, or a promise that never settles), or code far too slow to finish in time.`;
}

/**
 * A test ended as hung (jest/hang-watch.ts): said as what was seen, thread by thread, since the
 * cause is certain (nothing could ever settle the await) even where the place is not known.
 */
export function hungMessage(
  afterMs: number,
  limitMs: number,
  threads: { name: string; state: 'waiting' | 'idle' | 'running' }[],
): string {
  const workers = threads.filter((thread) => thread.name !== 'main thread');
  const mainBlocked = threads.some(
    (thread) => thread.name === 'main thread' && thread.state === 'waiting',
  );
  const waiting = workers.filter((thread) => thread.state === 'waiting').length;
  const idle = workers.length - waiting;
  const of = (count: number, what: string) => `${count} worker${count === 1 ? '' : 's'} ${what}`;
  const seen = [
    mainBlocked
      ? 'the main thread was blocked in Atomics.wait with no time-out, which only another thread can end'
      : 'the main thread was awaiting with nothing pending that could settle the await (no timer, no I/O, no child process)',
    ...(workers.length === 0 ? ['and no worker was left running'] : []),
    ...(waiting > 0 ? [of(waiting, 'waited in Atomics.wait with nothing left to wake them')] : []),
    ...(idle > 0 ? [of(idle, 'sat idle in their event loop waiting for a message')] : []),
  ];
  // The causes named are the ones these threads' states allow: with no worker asleep in
  // Atomics.wait, no lock or notify of the buffer's can be what is missing.
  const causes = [
    'a promise that never settles (a join that listens too late, a resolve that is never called)',
    ...(waiting > 0 ? ['a lock that is never released, or a waiter that is never woken'] : []),
  ];
  return `hung: stopped after ${seconds(afterMs)} instead of waiting out the ${seconds(limitMs)} limit, because no thread could make progress any more: ${seen.join('; ')}. Likely a deadlock: ${causes.join(', or ')}.`;
}

/** A hung test the stack probe saw (unconfined runs): where its threads were. */
export const hungStuckMessage = (afterMs: number, where: string) =>
  `hung: stopped after ${seconds(afterMs)}, no thread could make progress any more: ${where}`;

export function blockedMessage(limitMs: number): string {
  return `timed out after ${seconds(limitMs)} and had to be killed: the main thread never gave control back. Likely an infinite loop, a busy-wait, or Atomics.wait on the main thread.`;
}

/** A timed-out test the stack probe saw: where its threads were instead of a guess. */
export const stuckMessage = (limitMs: number, killed: boolean, where: string) =>
  `timed out after ${seconds(limitMs)}${killed ? ' and had to be killed' : ''}: ${where}`;

export function loadTimeoutMessage(stop: Extract<Stop, { kind: 'load-timeout' }>): string {
  if (stop.measure === 'wall')
    return `timed out after ${seconds(stop.limitMs)} while loading: importing your code never finished. Is there a loop or a blocking wait at the top level of your file?`;
  // Honest code loads holding a tenth of this; filling memory page by page keeps the CPU busy.
  const held = stop.rssBytes ?? 0;
  if (held > LIMITS.jobMemoryBytes / 4)
    return `timed out while loading, after ${seconds(stop.limitMs)} of processor time, holding ${Math.round(held / (1024 * 1024))} MB of memory: importing your code never finished. Is something at the top level of your file growing without bound?`;
  return `timed out while loading, after ${seconds(stop.limitMs)} of processor time: importing your code kept the processor busy and never finished. Is there a loop at the top level of your file?`;
}

/** The same cause, for the test files that were not started because of it. */
export const notRunMessage = (cause: string) => `not run: ${cause}`;

export function crashMessage(code: number | null, signal: string | null): string {
  if (code === 134 || signal === 'SIGABRT')
    // Node aborts so when its heap is full, but an abort is all that was seen.
    return 'the test process aborted during this test (as Node does when it runs out of memory: is something growing without bound?)';
  return `the test process exited during this test (${signal ? `signal ${signal}` : `exit code ${code}`}). Does your code call process.exit()?`;
}

/** An allocation the kernel refused (run/data-limit.ts): said before V8's own words. */
export const memoryRefusedMessage = () =>
  `out of memory: each process of the tests may hold at most ${Math.round(LIMITS.jobMemoryBytes / (1024 * 1024))} MB of memory (heap, Buffers and typed arrays together), and your code asked for more. Is something growing without bound?`;

export const resourceMessage = (detail: string) => `killed: ${detail}.`;

export const loadFailedMessage = (message: string) =>
  `could not load the code under test:\n${message}`;

export const didNotRunMessage = (title: string) =>
  `the test did not run (is "${title}" still the test's exact title?)`;

export const reportedAsMessage = (status: string) => `jest reported the test as ${status}`;

/** Why nothing was decided by a run that ended: running it again would only repeat it. */
export function explainStuckRun(attempt: Attempt): string {
  const stop = attempt.stop;
  if (stop.kind === 'crashed') {
    const tail = attempt.output.trim().split('\n').slice(-8).join('\n');
    // V8 aborts when the kernel's data limit (run/data-limit.ts) refuses it memory it must have.
    if (stop.code === 134 || stop.signal === 'SIGABRT')
      return /out of memory|bad_alloc|allocation failed/i.test(attempt.output)
        ? `the tests could not run: ${memoryRefusedMessage()}${tail ? `\n${tail}` : ''}`
        : `the tests could not run: the test process aborted while loading (as Node does when it runs out of memory: is something growing without bound?)${tail ? `\n${tail}` : ''}`;
    return `the tests could not run: the test process ended early (${stop.signal ? `signal ${stop.signal}` : `exit code ${stop.code}`}). Does your code call process.exit() when it is imported?${tail ? `\n${tail}` : ''}`;
  }
  return 'the tests could not run';
}
