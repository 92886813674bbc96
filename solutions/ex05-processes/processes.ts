import { ChildProcess, fork } from 'child_process';

/**
 * Where a child process finds the function to run. A function cannot be sent to another process
 * (processes share no memory, not even code), but the name of a module and of one of its exports
 * can: the child loads the module itself and calls the function.
 */
export interface TaskRef {
  /** Absolute path of a module (.ts or .js) that exports the function. */
  module: string;
  /** Name of the exported function; it takes one input and returns (or resolves to) the result. */
  name: string;
}

/** A child process that ended without sending back its task's result. */
export class ChildProcessError extends Error {
  constructor(
    /** Position of the task in the inputs. */
    readonly index: number,
    /** The child's exit code, or null when a signal ended it. */
    readonly exitCode: number | null,
    /** The signal that ended the child, or null when it exited by itself. */
    readonly signal: NodeJS.Signals | null,
  ) {
    super(
      `the child process for task ${index} ${
        signal ? `was killed by ${signal}` : `exited with code ${exitCode}`
      } without sending a result`,
    );
    this.name = 'ChildProcessError';
  }
}

/** The argument that tells a copy of this file it was started by runInProcesses as a child. */
const CHILD_FLAG = '--run-one-task';

/** What the parent sends a child, and what the child sends back. */
interface Job {
  module: string;
  name: string;
  input: unknown;
}
interface Reply {
  output: unknown;
}

type Outcome = { ok: true; output: unknown } | { ok: false; error: Error };

/**
 * Runs the task once per input, each in a child process of its own, all at the same time.
 * Resolves with the results in the order of the inputs, whatever order the children finish in.
 * When a child exits without a result (it crashed, or threw), stops the other children and
 * rejects with a ChildProcessError carrying that child's exit code. When it settles, every child
 * it started has exited.
 */
export async function runInProcesses<I, O>(task: TaskRef, inputs: readonly I[]): Promise<O[]> {
  // Start every child before waiting for any of them: that is what makes them run in parallel.
  const runs = inputs.map((input, index) => startChild(task, input, index));
  let failure: Error | undefined;
  const outcomes = await Promise.all(
    runs.map(({ outcome }) =>
      outcome.then((result) => {
        if (!result.ok && !failure) {
          failure = result.error;
          for (const { child } of runs) child.kill('SIGKILL');
        }
        return result;
      }),
    ),
  );
  if (failure) throw failure;
  // outcomes[i] belongs to inputs[i], whichever child finished first.
  return outcomes.map((result) => (result as { output: O }).output);
}

function startChild(
  task: TaskRef,
  input: unknown,
  index: number,
): { child: ChildProcess; outcome: Promise<Outcome> } {
  // The child runs this very file again, so it can find serveOneTask (and the demo's task).
  const child = fork(__filename, [CHILD_FLAG]);
  let reply: Reply | undefined;
  child.on('message', (message: Reply) => {
    reply = message;
  });
  const outcome = new Promise<Outcome>((resolve) => {
    // 'close', not 'exit': it comes once the child has exited and its channel has closed, so its
    // reply, if it sent one, has arrived ('exit' can come before the last 'message' under load).
    child.once('close', (code, signal) => {
      if (reply && code === 0) resolve({ ok: true, output: reply.output });
      else resolve({ ok: false, error: new ChildProcessError(index, code, signal) });
    });
    // A child that could not be started at all never exits: report it here instead. 'on', not
    // 'once': such a child emits a second error when the job cannot be sent to it.
    child.on('error', (error) => {
      if (child.pid === undefined) resolve({ ok: false, error });
    });
  });
  const job: Job = { module: task.module, name: task.name, input };
  child.send(job);
  return { child, outcome };
}

/** The child's side: wait for one job, run it, send the result back, then let the process end. */
function serveOneTask(): void {
  process.once('message', async (job: Job) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported: unknown = require(job.module)[job.name];
    if (typeof exported !== 'function') {
      throw new Error(`${job.module} does not export a function named ${job.name}`);
    }
    const output: unknown = await exported(job.input);
    const reply: Reply = { output };
    // Disconnect only once the reply has gone out; exiting at once could lose it.
    process.send!(reply, () => process.disconnect());
  });
}

/** The demo's task: exported, so that a child process can find it by name. */
export function square(n: number): number {
  return n * n;
}

/** The demo: `node processes.ts` squares 1 to 5, each in a process of its own. */
export async function main(): Promise<void> {
  const squares = await runInProcesses<number, number>(
    { module: __filename, name: 'square' },
    [1, 2, 3, 4, 5],
  );
  console.log(`squares of 1 to 5, each from its own process: ${squares.join(', ')}`);
}

// The main guard. This file is loaded in three ways, and only two of them may start anything:
// - imported by another module (as the tests do): define the functions above, start nothing;
// - started by runInProcesses as a child: serve one task;
// - run as a program (`node processes.ts`): run the demo.
// A child runs this file as its main module too, so the child check must come first: without it,
// every child would run the demo and start children of its own, without end.
if (process.argv[2] === CHILD_FLAG) {
  serveOneTask();
} else if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
