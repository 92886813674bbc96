import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { asData, isInstance } from '@course/testkit';
import { isRunning } from '@course/testkit/children';
import { showValue } from '@course/testkit/case-values';

// A generated case of runInProcesses, as data: one call, or two made at the same time, or one
// after the other has settled. A call either echoes plain inputs (equal ones included) or runs
// scripted children (./scripted-child.ts). The same code plays it against the reference at
// authoring time and against the code under test when graded.

export interface ScriptedChild {
  /** 0: acts once all the call's children have started; n: also once every child of a lower turn has exited. */
  turn: number;
  /** Whether it sends `value` as its result before it ends. */
  answers: boolean;
  value?: unknown;
  /** How its process then ends: normally, with exit code `code`, by the task throwing `value`, or killed by `signal`. */
  ends: 'normally' | 'with-code' | 'throwing' | 'by-signal';
  code?: number;
  signal?: NodeJS.Signals;
}

export type Call = { echo: unknown[] } | { children: ScriptedChild[] };

export interface ProcessCase {
  mode: 'alone' | 'together' | 'after';
  calls: Call[];
}

/** The input one scripted child gets: its call's marker folder, how many children, its script. */
export interface PlayedChild {
  dir: string;
  count: number;
  child: ScriptedChild;
}

/**
 * How one call settled. A ChildProcessError is shown by its fields; the exit code of a task that
 * threw is only "non-zero" (the child side chooses it). For scripted calls, how many of the
 * children that started were still running when it settled.
 */
export type CallOutcome = (
  | { results: unknown }
  | { failed: { name: unknown; index: unknown; exitCode: unknown; signal: unknown } }
  | { rejectedWith: unknown }
  | { stillPendingAfterMs: number }
) & { stillRunning?: number };

type RunInProcesses = (
  task: { module: string; name: string },
  inputs: readonly unknown[],
) => Promise<unknown>;

const SCRIPTED = path.join(__dirname, 'scripted-child.ts');

/** A child that fails on its own, by its script (the reported one must be such a child). */
export const failsByScript = (child: ScriptedChild) => !child.answers || child.ends !== 'normally';

function settledAs(call: Call): (reason: unknown) => CallOutcome {
  return (reason) => {
    const copy = asData(reason) as Record<string, unknown>;
    if (!isInstance(copy, Error) || !('index' in copy)) return { rejectedWith: copy };
    const child = 'children' in call ? call.children[copy.index as number] : undefined;
    const threw = child?.ends === 'throwing';
    const exitCode =
      threw && typeof copy.exitCode === 'number' && copy.exitCode !== 0
        ? 'non-zero'
        : copy.exitCode;
    return {
      failed: { name: copy.name, index: copy.index, exitCode, signal: copy.signal },
    };
  };
}

/** Tagged results with each pid replaced by "child k", k counting distinct pids in result order. */
function byChild(results: unknown): unknown {
  if (!Array.isArray(results)) return results;
  const pids: unknown[] = [];
  return results.map((result) => {
    if (result === null || typeof result !== 'object' || !('pid' in result)) return result;
    const { pid, ...rest } = result as { pid: unknown };
    if (!pids.includes(pid)) pids.push(pid);
    return { ...rest, from: `child ${pids.indexOf(pid) + 1}` };
  });
}

async function playCall(call: Call, runInProcesses: RunInProcesses): Promise<CallOutcome> {
  if ('echo' in call) {
    // Equal inputs are told apart by the child that ran each: its pid, shown as the order in
    // which that pid first appears, so two places filled from one child show as the same child.
    const repeated = new Set(call.echo).size < call.echo.length;
    const name = repeated ? 'tagged' : 'echo';
    const run = () => runInProcesses({ module: SCRIPTED, name }, call.echo);
    const settled = new Promise<unknown>((resolve) => resolve(run())).then(
      (results): CallOutcome => ({
        results: repeated ? byChild(asData(results)) : asData(results),
      }),
      settledAs(call),
    );
    if (call.echo.length > 0) return settled;
    // With no inputs there is no child to wait for: correct code settles at once, and code that
    // never settles is told so here instead of timing the whole table out.
    let timer: NodeJS.Timeout | undefined;
    const pending = new Promise<CallOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ stillPendingAfterMs: 3_000 }), 3_000);
    });
    return Promise.race([settled, pending]).finally(() => clearTimeout(timer));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ex05-case-'));
  try {
    const inputs: PlayedChild[] = call.children.map((child) => ({
      dir,
      count: call.children.length,
      child,
    }));
    const run = () => runInProcesses({ module: SCRIPTED, name: 'play' }, inputs);
    const outcome = await new Promise<unknown>((resolve) => resolve(run())).then(
      (results): CallOutcome => ({ results: asData(results) }),
      settledAs(call),
    );
    const pids = fs
      .readdirSync(dir)
      .filter((name) => name.startsWith('started-'))
      .map((name) => Number(name.slice('started-'.length)));
    return { ...outcome, stillRunning: pids.filter(isRunning).length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function playProcessCase(
  processCase: ProcessCase,
  runInProcesses: RunInProcesses,
): Promise<CallOutcome[]> {
  const [first, second] = processCase.calls;
  switch (processCase.mode) {
    case 'alone':
      return [await playCall(first, runInProcesses)];
    case 'together':
      return Promise.all([playCall(first, runInProcesses), playCall(second, runInProcesses)]);
    case 'after': {
      const outcome = await playCall(first, runInProcesses);
      return [outcome, await playCall(second, runInProcesses)];
    }
  }
}

function describeChild(child: ScriptedChild, index: number, all: ScriptedChild[]): string {
  const earlier = all
    .map((other, i) => ({ other, i }))
    .filter(({ other }) => other.turn < child.turn)
    .map(({ i }) => `task ${i}`);
  const when = earlier.length ? `once ${earlier.join(' and ')} exited: ` : '';
  const sends = child.answers ? `sends ${showValue(child.value)}, then ` : '';
  const end = {
    normally: 'exits normally',
    'with-code': `exits with code ${child.code}`,
    throwing: `throws ${showValue(child.value)}`,
    'by-signal': `is killed by ${child.signal}`,
  }[child.ends];
  const silent = child.answers || child.ends === 'throwing' ? '' : ' without sending a result';
  return `task ${index} (${when}${sends}${end}${silent})`;
}

function describeCall(call: Call): string {
  if ('echo' in call) return `runInProcesses(echo, ${showValue(call.echo)})`;
  return `runInProcesses(a task per input, [${call.children.map(describeChild).join(', ')}])`;
}

export function describeProcessCase({ mode, calls }: ProcessCase): string {
  const [first, second] = calls.map(describeCall);
  if (mode === 'alone') return first;
  if (mode === 'together') return `two calls at the same time: ${first} and ${second}`;
  return `${first}, then once it has settled, ${second}`;
}
