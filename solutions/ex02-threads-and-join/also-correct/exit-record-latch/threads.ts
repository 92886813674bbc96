import { Worker } from 'worker_threads';

interface Ending<R> {
  code: number;
  result?: R;
  failure?: Error;
}

/**
 * A thread whose start() makes one promise that never rejects: it resolves on 'exit' with how
 * the worker ended. join() derives the answer from it each time it is called.
 */
export class Thread<R = unknown> {
  private ending?: Promise<Ending<R>>;

  constructor(
    readonly script: string | URL,
    readonly data?: unknown,
  ) {}

  start(): this {
    if (this.ending !== undefined) throw new Error('start() twice');
    const worker = new Worker(this.script, { workerData: this.data });
    let result: R | undefined;
    let failure: Error | undefined;
    worker.on('message', (message: R) => (result = message));
    worker.on('error', (error: Error) => (failure = failure ?? error));
    this.ending = new Promise((resolve) =>
      worker.on('exit', (code: number) => resolve({ code, result, failure })),
    );
    return this;
  }

  async join(): Promise<R> {
    if (this.ending === undefined) throw new Error('not started');
    const { code, result, failure } = await this.ending;
    if (failure !== undefined) throw failure;
    if (code !== 0) throw new Error(`worker stopped with exit code ${code}`);
    return result as R;
  }
}

export type ThreadEvent = 'started' | 'finished';

export interface TaskSpec {
  script: string | URL;
  data?: unknown;
}

/** Counts the joins down by hand, keeping each outcome at its task's index. */
export function runThreads<R = unknown>(
  tasks: readonly TaskSpec[],
  report: (event: ThreadEvent) => void = console.log,
): Promise<R[]> {
  const threads = tasks.map(({ script, data }) => new Thread<R>(script, data).start());
  report('started');
  return new Promise<R[]>((resolve, reject) => {
    const results = new Array<R>(threads.length);
    const failures = new Array<{ error: unknown } | undefined>(threads.length);
    let left = threads.length;
    const done = () => {
      const failed = failures.find((failure) => failure !== undefined);
      if (failed) return reject(failed.error);
      report('finished');
      resolve(results);
    };
    if (left === 0) return done();
    threads.forEach((thread, index) =>
      thread
        .join()
        .then(
          (result) => (results[index] = result),
          (error: unknown) => (failures[index] = { error }),
        )
        .finally(() => {
          if (--left === 0) done();
        }),
    );
  });
}
