import * as path from 'path';
// The real module: the test setup starts the probe before worker tracking is installed, so the
// probe is never one of the test's workers (stopEverything would end it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Worker } = require('worker_threads') as typeof import('worker_threads');
// Captured before any test can install fake timers.
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;

/**
 * The main thread's side of the stack probe (stack-probe-worker.js): it says when each test starts
 * and ends, so the probe can keep each test's deadline on a thread of its own. A test that ends in
 * time costs two postMessage calls; the probe connects the inspector only to a late test.
 */
export interface StackProbe {
  started(id: string, limitMs: number): void;
  ended(id: string): void;
  /**
   * The test is past its limit and the main thread is idle (jest's own timeout fired): read the
   * workers now, before they are stopped. Resolves when the probe wrote what it saw, or after
   * `waitMs` at most.
   */
  captureIdle(id: string, waitMs: number): Promise<void>;
}

export function startStackProbe(
  channelFd: number | undefined,
  token: string,
  helperThreads: number[] = [],
): StackProbe | undefined {
  let worker: InstanceType<typeof Worker>;
  try {
    worker = new Worker(path.join(__dirname, 'stack-probe-worker.js'), {
      // The token lives in the probe's thread: the grader believes a report that carries it.
      workerData: { channelFd, token, helperThreads },
      // Not the student's flags (a --require hook): the probe is plain JavaScript.
      execArgv: [],
      env: {},
    });
  } catch {
    return undefined;
  }
  worker.unref();
  // A probe that fails only costs the explanation of a hang.
  worker.on('error', () => undefined);
  return {
    started: (id, limitMs) => worker.postMessage({ t: 'start', id, limitMs }),
    ended: (id) => worker.postMessage({ t: 'end', id }),
    captureIdle: (id, waitMs) =>
      new Promise<void>((resolve) => {
        const done = (message: { t: string; id: string }) => {
          if (message.t !== 'captured' || message.id !== id) return;
          finish();
        };
        const timer = realSetTimeout(() => finish(), waitMs);
        const finish = () => {
          realClearTimeout(timer);
          worker.off('message', done);
          resolve();
        };
        worker.on('message', done);
        worker.postMessage({ t: 'capture', id });
      }),
  };
}
