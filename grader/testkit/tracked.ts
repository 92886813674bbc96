import type * as ChildProcessModule from 'child_process';
import type * as WorkerThreadsModule from 'worker_threads';

// The real module objects (an `import *` would give a frozen copy that cannot be patched).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('worker_threads') as typeof WorkerThreadsModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('child_process') as typeof ChildProcessModule;

/**
 * Everything a test starts, directly or through student code, is tracked here so that each test
 * ends with nothing left running, and so tests can ask which workers and children are still alive.
 * The patch is installed once per process by the jest setup file, before any test imports code.
 */
// jest gives every test file a fresh global object and module registry, but core modules are
// shared by the whole process: the patch and its bookkeeping live on the core module itself.
const STATE = Symbol.for('course.tracking');
interface TrackingState {
  workers: Set<WorkerThreadsModule.Worker>;
  children: Set<ChildProcessModule.ChildProcess>;
  /** Told of every worker and child as it starts (see observeWorkers, observeChildren). */
  workerObservers: Set<(worker: WorkerThreadsModule.Worker) => void>;
  childObservers: Set<(child: ChildProcessModule.ChildProcess) => void>;
}
const holder = workerThreads as unknown as Record<symbol, TrackingState | undefined>;
const installed = holder[STATE] !== undefined;
const state: TrackingState = (holder[STATE] ??= {
  workers: new Set(),
  children: new Set(),
  workerObservers: new Set(),
  childObservers: new Set(),
});
const liveWorkerSet = state.workers;
const liveChildSet = state.children;

/** The most heap a worker gets: a memory bomb ends the worker, not the grader. */
const WORKER_HEAP_MB = 256;

let patched = false;

export function installTracking(): void {
  if (installed || patched) return;
  patched = true;
  const RealWorker = workerThreads.Worker;
  class TrackedWorker extends RealWorker {
    constructor(filename: string | URL, options: WorkerThreadsModule.WorkerOptions = {}) {
      // A worker may ask for less heap, never for more: a memory bomb ends the worker.
      const asked = options.resourceLimits?.maxOldGenerationSizeMb;
      super(filename, {
        ...options,
        resourceLimits: {
          ...options.resourceLimits,
          maxOldGenerationSizeMb: Math.min(asked ?? WORKER_HEAP_MB, WORKER_HEAP_MB),
        },
      });
      liveWorkerSet.add(this);
      this.once('exit', () => liveWorkerSet.delete(this));
      for (const observe of state.workerObservers) observe(this);
    }
  }
  (workerThreads as { Worker: typeof RealWorker }).Worker = TrackedWorker;

  for (const name of ['fork', 'spawn'] as const) {
    const real = childProcess[name] as (...args: unknown[]) => ChildProcessModule.ChildProcess;
    (childProcess as Record<string, unknown>)[name] = function trackedChild(...args: unknown[]) {
      const child = real.apply(childProcess, args);
      liveChildSet.add(child);
      child.once('exit', () => liveChildSet.delete(child));
      for (const observe of state.childObservers) observe(child);
      return child;
    };
  }
}

/**
 * Calls `observe` with every worker constructed from now until the returned function is called.
 * The observer hangs on the patch installed before any test code loaded, so it also sees workers
 * made through a reference to Worker that student code kept at load (`const { Worker } = ...`),
 * which a patch installed later would miss.
 */
export function observeWorkers(observe: (worker: WorkerThreadsModule.Worker) => void): () => void {
  installTracking();
  state.workerObservers.add(observe);
  return () => state.workerObservers.delete(observe);
}

/** As observeWorkers, for child processes started with fork or spawn. */
export function observeChildren(
  observe: (child: ChildProcessModule.ChildProcess) => void,
): () => void {
  installTracking();
  state.childObservers.add(observe);
  return () => state.childObservers.delete(observe);
}

/** Workers started during this test that have not exited yet. */
export function liveWorkers(): WorkerThreadsModule.Worker[] {
  return [...liveWorkerSet];
}

/** Child processes started during this test that have not exited yet. */
export function liveChildren(): ChildProcessModule.ChildProcess[] {
  return [...liveChildSet];
}

/** Stops whatever a test left running; called after every test. */
export async function stopEverything(): Promise<{ workers: number; children: number }> {
  const workers = liveWorkers();
  const children = liveChildren();
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
  liveWorkerSet.clear();
  liveChildSet.clear();
  // A terminated worker's 'exit' listeners (a student's join) run on the next turns; let them run
  // now, inside this hook, so a rejection they cause is not blamed on the next test.
  if (workers.length > 0 || children.length > 0) {
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  }
  return { workers: workers.length, children: children.length };
}
