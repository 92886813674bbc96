import { Worker } from 'worker_threads';

/** What a thread's worker did, recorded as it happens. */
interface Record<R> {
  result?: R;
  failure?: Error;
  /** Set once the worker has exited. */
  code?: number;
}

/**
 * A thread whose start() only records what the worker does; join() listens for 'exit' itself,
 * and only when the exit has not happened yet (an exit already recorded settles at once).
 */
export class Thread<R = unknown> {
  private worker?: Worker;
  private readonly record: Record<R> = {};

  constructor(
    readonly script: string | URL,
    readonly data?: unknown,
  ) {}

  start(): this {
    if (this.worker) throw new Error('this thread has already been started');
    const worker = new Worker(this.script, { workerData: this.data });
    this.worker = worker;
    worker.on('message', (message: R) => (this.record.result = message));
    worker.on('error', (error: Error) => (this.record.failure ??= error));
    worker.on('exit', (code: number) => (this.record.code = code));
    return this;
  }

  join(): Promise<R> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('join() before start()'));
    if (this.record.code !== undefined) return this.outcome();
    // Listeners run in the order they were added, so start()'s recorder has run by now.
    return new Promise<void>((resolve) => worker.once('exit', () => resolve())).then(() =>
      this.outcome(),
    );
  }

  private async outcome(): Promise<R> {
    const { result, failure, code } = this.record;
    if (failure) throw failure;
    if (code !== 0) throw new Error(`exit code ${code}`);
    return result as R;
  }
}

export type ThreadEvent = 'started' | 'finished';

export interface TaskSpec {
  script: string | URL;
  data?: unknown;
}

/** Starts them all, then awaits the joins one by one: the threads are already running meanwhile. */
export async function runThreads<R = unknown>(
  tasks: readonly TaskSpec[],
  report: (event: ThreadEvent) => void = console.log,
): Promise<R[]> {
  const threads: Thread<R>[] = [];
  for (const task of tasks) threads.push(new Thread<R>(task.script, task.data).start());
  report('started');
  const results: R[] = [];
  let failed: { error: unknown } | undefined;
  for (const thread of threads) {
    try {
      results.push(await thread.join());
    } catch (error) {
      failed ??= { error };
    }
  }
  if (failed) throw failed.error;
  report('finished');
  return results;
}
