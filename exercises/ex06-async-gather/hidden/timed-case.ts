import { showValue } from '@course/testkit/case-values';
import { isInstance } from '@course/testkit';

// Generated calls of gather and poll, as data, and how to play them on a fake clock: sinon's at
// authoring time against the reference, jest's (the same library) when graded. Times are read
// from the clock relative to the start of the case, so cases can follow each other in one test.

/** What a task or a check does: wait `ms` (or answer at once), then give or throw `value`. */
export interface Step {
  ms?: number;
  fails?: boolean;
  /** { error: 'text' } stands for new Error('text'); anything else is given as it is. */
  value: unknown;
}

export interface GatherCall {
  tasks: Step[];
  /** Absent: gather(tasks) with no options at all. */
  options?: { limit?: number; returnExceptions?: boolean };
}

/** One or more gather calls started at the same moment (they must not share any state). */
export interface GatherCase {
  calls: GatherCall[];
}

export interface PollCase {
  /** The check's answers, one per call; after the last, it answers undefined (not yet). */
  checks: Step[];
  intervalMs: number;
  timeoutMs: number;
}

export type Settled =
  | { at: number; resolved: unknown }
  | { at: number; rejected: unknown }
  | { threwAtCall: unknown }
  | 'never settled';

export interface GatherOutcome {
  starts: Array<number | null>;
  maxRunning: number;
  settled: Settled;
}

export interface PollOutcome {
  checkedAt: number[];
  settled: Settled;
  timersLeft: number;
}

export interface FakeClock {
  advance(ms: number): Promise<void>;
  timers(): number;
}

/** Long enough for every task of a case to be over, and then some. */
const totalMs = (steps: Step[]) => steps.reduce((sum, step) => sum + (step.ms ?? 0), 0) + 1000;

const ours = new WeakSet<object>();
function valueOf(step: Step): unknown {
  const { value } = step;
  if (value !== null && typeof value === 'object' && 'error' in value) {
    const error = new Error(String((value as { error: unknown }).error));
    ours.add(error);
    return error;
  }
  return value;
}

/** A value as data: the errors the case made by their text, any other Error by its name. */
function data(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from(value, data);
  if (isInstance(value, Error))
    return ours.has(value) ? { error: value.message } : { errorName: value.name };
  return value;
}

function watch(start: () => unknown, now: () => number, settle: (settled: Settled) => void): void {
  let promise: unknown;
  try {
    promise = start();
  } catch (error) {
    settle({ threwAtCall: data(error) });
    return;
  }
  Promise.resolve(promise).then(
    (value) => settle({ at: now(), resolved: data(value) }),
    (error) => settle({ at: now(), rejected: data(error) }),
  );
}

type Gather = (tasks: (() => Promise<unknown>)[], options?: object) => unknown;

export async function playGatherCase(
  gatherCase: GatherCase,
  gather: Gather,
  clock: FakeClock,
): Promise<GatherOutcome[]> {
  const base = Date.now();
  const now = () => Date.now() - base;
  const outcomes = gatherCase.calls.map((call): GatherOutcome => {
    const outcome: GatherOutcome = {
      starts: call.tasks.map(() => null),
      maxRunning: 0,
      settled: 'never settled',
    };
    let running = 0;
    const tasks = call.tasks.map((step, index) => async () => {
      outcome.starts[index] = now();
      outcome.maxRunning = Math.max(outcome.maxRunning, ++running);
      await new Promise((resolve) => setTimeout(resolve, step.ms ?? 0));
      running--;
      if (step.fails) throw valueOf(step);
      return valueOf(step);
    });
    watch(
      () => (call.options ? gather(tasks, { ...call.options }) : gather(tasks)),
      now,
      (settled) => (outcome.settled = settled),
    );
    return outcome;
  });
  await clock.advance(Math.max(...gatherCase.calls.map((call) => totalMs(call.tasks))));
  return outcomes;
}

type Poll = (check: () => unknown, options: { intervalMs: number; timeoutMs: number }) => unknown;

export async function playPollCase(
  pollCase: PollCase,
  poll: Poll,
  clock: FakeClock,
): Promise<PollOutcome> {
  const base = Date.now();
  const now = () => Date.now() - base;
  const outcome: PollOutcome = { checkedAt: [], settled: 'never settled', timersLeft: 0 };
  const check = () => {
    // A last check at the very moment of the deadline is a choice the README leaves open (poll
    // may look once more, or give up without looking): it answers "not yet" and is not counted.
    if (outcome.checkedAt.length > 0 && now() === pollCase.timeoutMs) return undefined;
    const step = pollCase.checks[outcome.checkedAt.length] ?? { value: undefined };
    outcome.checkedAt.push(now());
    if (step.ms === undefined) {
      if (step.fails) throw valueOf(step);
      return valueOf(step);
    }
    return new Promise((resolve, reject) =>
      setTimeout(() => (step.fails ? reject : resolve)(valueOf(step)), step.ms),
    );
  };
  watch(
    () => poll(check, { intervalMs: pollCase.intervalMs, timeoutMs: pollCase.timeoutMs }),
    now,
    (settled) => (outcome.settled = settled),
  );
  // Far past the deadline: a poll that gives up late, or never, shows it here.
  await clock.advance(2 * pollCase.timeoutMs + totalMs(pollCase.checks));
  outcome.timersLeft = clock.timers();
  return outcome;
}

const describeStep = (step: Step, what: string) =>
  `${step.ms === undefined ? 'at once' : `after ${step.ms} ms`} ${step.fails ? 'throws' : what} ${showValue(
    valueOf(step),
  )}`;

export function describeGatherCase(gatherCase: GatherCase): string {
  return gatherCase.calls
    .map((call) => {
      const tasks = call.tasks.length
        ? `[${call.tasks.map((step, i) => `task ${i} (${describeStep(step, 'returns')})`).join(', ')}]`
        : '[]';
      return `gather(${tasks}${call.options ? `, ${showValue(call.options)}` : ''})`;
    })
    .join(gatherCase.calls.length > 1 ? ' and, at the same moment, ' : '');
}

export function describePollCase(pollCase: PollCase): string {
  const answers = pollCase.checks.map(
    (step, i) => `check ${i + 1} ${describeStep(step, 'answers')}`,
  );
  return `poll(check, { intervalMs: ${pollCase.intervalMs}, timeoutMs: ${pollCase.timeoutMs} }) where ${
    answers.length
      ? answers.join(', ') + ', and later checks answer undefined'
      : 'every check answers undefined'
  }`;
}

/** pollAll over checks that answer at once: one list of answers per check, as in PollCase. */
export interface PollAllCase {
  polls: Step[][];
  intervalMs: number;
  timeoutMs: number;
  limit?: number;
}

export interface PollAllOutcome {
  /** Per check, when it was called (ms after pollAll was). */
  checkedAt: number[][];
  settled: Settled;
}

type PollAll = (
  checks: (() => unknown)[],
  options: { intervalMs: number; timeoutMs: number; limit?: number },
) => unknown;

export async function playPollAllCase(
  pollAllCase: PollAllCase,
  pollAll: PollAll,
  clock: FakeClock,
): Promise<PollAllOutcome> {
  const base = Date.now();
  const now = () => Date.now() - base;
  const outcome: PollAllOutcome = {
    checkedAt: pollAllCase.polls.map(() => []),
    settled: 'never settled',
  };
  const checks = pollAllCase.polls.map((steps, index) => () => {
    const times = outcome.checkedAt[index];
    // As in playPollCase: a last look at this poll's own deadline is left open by the README.
    if (times.length > 0 && now() === times[0] + pollAllCase.timeoutMs) return undefined;
    const step = steps[times.length] ?? { value: undefined };
    times.push(now());
    if (step.fails) throw valueOf(step);
    return valueOf(step);
  });
  const { intervalMs, timeoutMs, limit } = pollAllCase;
  watch(
    () =>
      pollAll(
        checks,
        limit === undefined ? { intervalMs, timeoutMs } : { intervalMs, timeoutMs, limit },
      ),
    now,
    (settled) => (outcome.settled = settled),
  );
  await clock.advance((pollAllCase.polls.length + 2) * (timeoutMs + intervalMs) + 1000);
  return outcome;
}

export function describePollAllCase(pollAllCase: PollAllCase): string {
  const polls = pollAllCase.polls.map((steps, index) => {
    const first = steps.findIndex((step) => step.fails || step.value !== undefined);
    return first < 0
      ? `check ${index} never answers`
      : `check ${index} ${steps[first].fails ? 'throws' : 'answers'} ${showValue(valueOf(steps[first]))} at its call ${first + 1}`;
  });
  const limit = pollAllCase.limit === undefined ? '' : `, limit: ${pollAllCase.limit}`;
  return `pollAll([${polls.join('; ')}], { intervalMs: ${pollAllCase.intervalMs}, timeoutMs: ${pollAllCase.timeoutMs}${limit} })`;
}
