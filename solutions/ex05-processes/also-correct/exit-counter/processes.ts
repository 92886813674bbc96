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

/**
 * Runs the task once per input, each in a child process of its own, all at the same time.
 * Resolves with the results in the order of the inputs, whatever order the children finish in.
 * When a child exits without a result, stops the other children and rejects with a
 * ChildProcessError for it. When it settles, every child it started has exited.
 */
export function runInProcesses<I, O>(task: TaskRef, inputs: readonly I[]): Promise<O[]> {
  // One promise for the whole run: it counts 'exit' events and settles when the last child is gone.
  return new Promise<O[]>((resolve, reject) => {
    // With no children, no 'exit' will ever come to settle it.
    if (inputs.length === 0) {
      resolve([]);
      return;
    }
    const results: O[] = new Array(inputs.length);
    const children: ChildProcess[] = [];
    let running = inputs.length;
    let failure: Error | undefined;
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      for (const child of children) child.kill('SIGKILL');
    };
    const exited = () => {
      running--;
      if (running > 0) return;
      if (failure) reject(failure);
      else resolve(results);
    };
    inputs.forEach((input, index) => {
      const child = fork(__filename, [CHILD_FLAG]);
      children.push(child);
      let replied = false;
      child.on('message', (reply: Reply) => {
        replied = true;
        results[index] = reply.output as O;
      });
      child.once('exit', (code, signal) => {
        if (!replied || code !== 0) fail(new ChildProcessError(index, code, signal));
        exited();
      });
      child.once('error', (error) => {
        // A child that could not be started never exits: count it as gone here.
        if (child.pid !== undefined) return;
        fail(error);
        exited();
      });
      const job: Job = { module: task.module, name: task.name, input };
      child.send(job);
    });
  });
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
