import * as path from 'path';
import { Worker } from 'worker_threads';

/**
 * Threads that wake up every few tens of microseconds and go straight back to sleep. Each wake-up
 * can preempt a running worker at whatever instruction it is on, so a check-then-act race inside
 * the code under test shows up even when the machine is so busy that the racing workers rarely
 * run at the same moment.
 *
 * Measured on 2 cores at load average 14-20 (other test runs): 2 consumers x 100,000 gets on a
 * queue whose get is not atomic missed the race in 10 of 20 runs alone, 0 of 40 with 4
 * preempters (3 consumers); 4 producers x 100,000 unlocked puts: 0 of 30. Correct code pays
 * little: the preempters sleep almost all the time.
 *
 *   const preempters = startPreempters();
 *   try { await runTheRace(); } finally { await preempters.stop(); }
 */
interface Preempters {
  stop(): Promise<void>;
}

export function startPreempters(count = 4, intervalMs = 0.05): Preempters {
  const stopFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const script = path.join(__dirname, 'preempter-worker.ts');
  const workers = Array.from(
    { length: count },
    () => new Worker(script, { workerData: { stopFlag, intervalMs } }),
  );
  return {
    async stop() {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
