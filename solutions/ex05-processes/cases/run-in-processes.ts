import fc from 'fast-check';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import { INT32_MAX, INT32_MIN, isFalsyOrExtreme } from '../../../grader/verify/edge-values';
import {
  type CallOutcome,
  type Call,
  type ProcessCase,
  type ScriptedChild,
  failsByScript,
  playProcessCase,
} from '../../../exercises/ex05-processes/hidden/run-case';
import { runInProcesses } from '../processes';

// Generated calls of runInProcesses: no inputs, falsy and extreme results, repeated inputs,
// children that fail in the ways the README names (a code, code 0 without a result, a thrown
// task, a signal after a result), a failure in a later turn after another child has finished,
// the first failure in input order failing last, results that arrive in another order than
// given, and two calls at once or one after a call that failed. The outcome of each is the
// reference's, computed here at authoring time with real children.
//
// Every input is a child process, and a child costs about 0.1 s of CPU however little it does
// (Node's own start), in every check of every submission: the table's cost is its number of
// children. So each case is the fewest children that show its kind of input, a case carries
// several edges where they do not blur what it is about, and only one case is drawn. The endings
// the hand-written hidden tests play with three children each (failures.test.ts) come here once,
// beside a child that must be stopped.

// Only values a message carries unchanged: NaN, -0 and undefined do not survive the channel.
const VALUES = [0, '', false, null, INT32_MIN, INT32_MAX, 'x'];

const answers = (value: unknown, turn = 0): ScriptedChild => ({
  turn,
  answers: true,
  value,
  ends: 'normally',
});
const exits = (code: number, turn = 0): ScriptedChild => ({
  turn,
  answers: false,
  ends: 'with-code',
  code,
});
const throws = (value: unknown, turn = 0): ScriptedChild => ({
  turn,
  answers: false,
  value,
  ends: 'throwing',
});
const killed = (signal: NodeJS.Signals, turn = 0): ScriptedChild => ({
  turn,
  answers: false,
  ends: 'by-signal',
  signal,
});
const answersThenExits = (value: unknown, code: number, turn = 0): ScriptedChild => ({
  ...answers(value, turn),
  ends: 'with-code',
  code,
});
const answersThenKilled = (value: unknown, signal: NodeJS.Signals, turn = 0): ScriptedChild => ({
  ...answers(value, turn),
  ends: 'by-signal',
  signal,
});
const alone = (call: Call): ProcessCase => ({ mode: 'alone', calls: [call] });
const children = (...list: ScriptedChild[]): Call => ({ children: list });

const edges: ProcessCase[] = [
  alone({ echo: [] }),
  alone(children(exits(0))),
  // The result sent, then killed, while task 1 still waits for its turn: it must be stopped,
  // waited for, and not reported (it is killed after the failure).
  alone(children(answersThenKilled(INT32_MAX, 'SIGTERM'), answers(0, 1))),
  alone(children(answers(false), throws(undefined, 1))),
  // Task 0 would fail too, later: the first to fail in time is task 1.
  alone(children(exits(42, 1), answersThenExits('sent', 255))),
  // Task 1 finishes first: results go by input order, not by arrival.
  alone(children(answers('', 1), answers(null))),
  { mode: 'together', calls: [{ echo: ['same', 'same'] }, children(exits(77))] },
  { mode: 'after', calls: [children(throws(0)), { echo: [INT32_MIN] }] },
];

const child: fc.Arbitrary<ScriptedChild> = fc
  .record({
    turn: fc.constantFrom(0, 1, 2),
    value: fc.constantFrom(...VALUES),
    how: fc.constantFrom('answers', 'answers', 'exits', 'throws', 'killed', 'answers-then-exits'),
    code: fc.constantFrom(0, 1, 42, 255),
    signal: fc.constantFrom<NodeJS.Signals>('SIGTERM', 'SIGKILL'),
  })
  .map(({ turn, value, how, code, signal }) => {
    if (how === 'answers') return answers(value, turn);
    if (how === 'exits') return exits(code, turn);
    if (how === 'throws') return throws(value, turn);
    if (how === 'killed') return killed(signal, turn);
    return answersThenExits(value, code === 0 ? 1 : code, turn);
  });

/**
 * Two children failing in one turn race each other, and the README reports whichever fails first:
 * each failure after the first of its turn moves to a turn of its own, so the outcome is fixed.
 */
function oneFailurePerTurn(list: ScriptedChild[]): ScriptedChild[] {
  let nextTurn = Math.max(0, ...list.map((item) => item.turn)) + 1;
  const failingTurns = new Set<number>();
  return list.map((item) => {
    if (!failsByScript(item)) return item;
    if (!failingTurns.has(item.turn)) {
      failingTurns.add(item.turn);
      return item;
    }
    failingTurns.add(nextTurn);
    return { ...item, turn: nextTurn++ };
  });
}

const call: fc.Arbitrary<Call> = fc.oneof(
  {
    arbitrary: fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }).map((echo) => ({ echo })),
    weight: 1,
  },
  {
    arbitrary: fc
      .array(child, { minLength: 1, maxLength: 2 })
      .map((list) => children(...oneFailurePerTurn(list))),
    weight: 3,
  },
);

const arbitrary: fc.Arbitrary<ProcessCase> = fc.oneof(
  { arbitrary: call.map(alone), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom<ProcessCase['mode']>('together', 'after'), call, call)
      .map(([mode, first, second]) => ({ mode, calls: [first, second] })),
    weight: 1,
  },
);

const scripted = (call: Call) => ('children' in call ? call.children : []);

function kind({ mode, calls }: ProcessCase): string {
  const failed = (item: Call) => scripted(item).some(failsByScript);
  if (mode === 'together') return 'two calls of runInProcesses at the same time';
  if (mode === 'after')
    return failed(calls[0])
      ? 'a call of runInProcesses after one that failed'
      : 'two calls of runInProcesses, one after the other';
  const [only] = calls;
  if ('echo' in only) {
    const inputs = only.echo;
    if (inputs.length === 0) return 'no inputs at all';
    if (new Set(inputs).size < inputs.length)
      return 'repeated inputs whose results must stay apart';
    if (inputs.length === 1)
      return isFalsyOrExtreme(inputs[0])
        ? 'a single input whose result is falsy or extreme'
        : 'a single input';
    return 'inputs whose results are falsy or extreme';
  }
  const list = only.children;
  const failing = list.filter(failsByScript);
  if (failing.length === 0) {
    if (list.length === 1) return 'a single task';
    const laterFirst = list.some((item, i) =>
      list.slice(i + 1).some((next) => next.turn < item.turn),
    );
    return laterFirst
      ? 'tasks that all succeed, a later one finishing first'
      : 'tasks that all succeed';
  }
  const first = failing.reduce((a, b) => (b.turn < a.turn ? b : a));
  if (failing.some((bad) => bad.turn > first.turn) && failing[0] !== first)
    return 'a task that fails before another task given earlier fails';
  if (list.some((other) => !failsByScript(other) && other.turn < first.turn))
    return 'a task that fails after another task has finished';
  if (first.answers)
    return first.ends === 'by-signal'
      ? 'a task that sends its result and is then killed by a signal'
      : 'a task that sends its result and then exits with a code other than 0';
  if (first.ends === 'by-signal') return 'a task killed by a signal';
  if (first.ends === 'throwing') return 'a task that throws';
  return first.code === 0
    ? 'a task that exits with code 0 without sending a result'
    : 'a task that exits with a non-zero code';
}

const spec: CaseTableSpec<ProcessCase, CallOutcome[]> = {
  test: 'runInProcesses resolves and rejects as expected on generated inputs and calls',
  seed: 2905,
  edges,
  generated: { arbitrary, count: 1 },
  kind,
  size: ({ calls }) =>
    calls.length -
    1 +
    calls.reduce(
      (sum, item) => sum + ('echo' in item ? item.echo.length : item.children.length),
      0,
    ),
  expected: (input) => playProcessCase(input, runInProcesses as never),
};

export default spec;
