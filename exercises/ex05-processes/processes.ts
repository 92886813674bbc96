import { fork } from 'child_process';

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

/**
 * Runs the task once per input, each in a child process of its own, all at the same time.
 * Resolves with the results in the order of the inputs, whatever order the children finish in.
 * When a child exits without a result (it crashed, or threw), stops the other children and
 * rejects with a ChildProcessError carrying that child's exit code. When it settles, every child
 * it started has exited.
 */
export async function runInProcesses<I, O>(task: TaskRef, inputs: readonly I[]): Promise<O[]> {
  // TODO: for every input, start a child running this same file as a child:
  //   fork(__filename, [CHILD_FLAG])
  // and send it the task and its input with child.send(...). Start them all before waiting for
  // any. Collect each child's reply ('message' event) and wait for each child's 'close' event (it
  // follows 'exit' once the channel has closed, so the reply has arrived).
  return [];
}

/** The child's side: wait for one job, run it, send the result back, then let the process end. */
function serveOneTask(): void {
  // TODO: wait for the parent's message (process.once('message', ...)), load the task's module
  // with require(...), call the named function with the input (await it: it may be async), send
  // the result back with process.send(...), and only when it has gone out (process.send takes a
  // callback) call process.disconnect() so this process can end.
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

// TODO: the main guard. This file is loaded in three ways; decide here which one it is:
// - imported by another module (as the tests do): start nothing at all;
// - started by runInProcesses as a child (its arguments include CHILD_FLAG): serveOneTask();
// - run as a program (`node processes.ts`, then require.main === module): main().
