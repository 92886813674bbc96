// Test-side helpers shared by the hidden tests: watching a run of runInProcesses and its children.
import { ChildRecording, isRunning, recordChildren } from '@course/testkit/children';
import { Markers, Referee, startReferee } from './referee';
import type { Cue } from './tasks';

/** A run of runInProcesses with everything a test needs to watch it, cleaned up by `end`. */
export interface Watched {
  recording: ChildRecording;
  markers: Markers;
  referee: Referee;
  cues: Cue[];
  end(): void;
}

export function watch(count: number): Watched {
  const recording = recordChildren();
  const markers = new Markers();
  const referee = startReferee(markers, recording, count);
  const cues = Array.from({ length: count }, (_, index) => ({ dir: markers.dir, index, count }));
  return {
    recording,
    markers,
    referee,
    cues,
    end() {
      referee.end();
      recording.stop();
      markers.dispose();
    },
  };
}

/** The children started that have not exited (in the parent's view), and pids still in use. */
export function leftRunning(recording: ChildRecording) {
  return {
    notExited: recording.children.filter(
      (child) => child.exitCode === null && child.signalCode === null,
    ).length,
    pidsStillRunning: recording.children.map((child) => child.pid).filter((pid) => isRunning(pid)),
  };
}

export type Settled<T> =
  | { status: 'resolved'; value: T }
  | { status: 'rejected'; error: unknown }
  | { status: 'still pending' };

/**
 * How the promise settled, or 'still pending' after `patienceMs` (counted once `patienceMs`
 * resolves, when it is a promise). The patience is for code that never settles, so the test can
 * say so instead of timing out; correct code settles long before.
 */
export function settle<T>(
  promise: Promise<T>,
  patienceMs: number | Promise<number> = 60_000,
): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const pending = Promise.resolve(patienceMs).then(
    (ms) =>
      new Promise<Settled<T>>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'still pending' }), ms);
      }),
  );
  const settled = promise.then(
    (value): Settled<T> => ({ status: 'resolved', value }),
    (error: unknown): Settled<T> => ({ status: 'rejected', error }),
  );
  return Promise.race([settled, pending]).finally(() => clearTimeout(timer));
}

/** What a test shows of an error: its class name and the ChildProcessError fields. */
export function describeError(error: unknown) {
  const fields = (error ?? {}) as Record<string, unknown>;
  return {
    name: fields.name,
    index: fields.index,
    exitCode: fields.exitCode,
    signal: fields.signal,
  };
}
