// Imported by ./paused-consumer.ts before the subject, so the subject's module code (say
// `const { store } = Atomics` at its top) already finds the patched functions: every atomic write
// made in this worker is followed by a short real pause.
import { workerData } from 'worker_threads';
import { PausedConsumerData } from './paused-consumer-protocol';

/** The unpaused originals, for the worker's own reports. */
export const { add, notify, store, wait } = Atomics;

const { pauseMs } = workerData as PausedConsumerData;
const pauseCell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
const WRITES = ['add', 'and', 'compareExchange', 'exchange', 'or', 'store', 'sub', 'xor'] as const;
for (const name of WRITES) {
  const write = Atomics[name] as (...args: unknown[]) => unknown;
  (Atomics as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    const result = write(...args);
    wait(pauseCell, 0, 0, pauseMs);
    return result;
  };
}
