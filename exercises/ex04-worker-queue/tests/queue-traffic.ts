// Test-side helpers: start producer and consumer workers on one queue, and small waits.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { createBarrier, releaseWhenAllArrive } from '@course/testkit';
import { startPreempters } from '@course/testkit/preempt';
import type { ConsumerReport, QueueWorkerData } from './queue-worker';
import { StallWaker, wakeStalls } from './wake-stalls';

export const QUEUE_WORKER = path.join(__dirname, 'queue-worker.ts');

export interface Traffic {
  queue: SharedArrayBuffer;
  producers: number;
  itemsEach: number;
  /** Each consumer gets an equal share of all items, then reports what it received. */
  consumers: number;
  /** Items already in the queue before the workers start (default 0). */
  prefilled?: number;
  /** Consumers count items here instead of sending them back (see queue-worker). */
  tally?: SharedArrayBuffer;
  /** Threads that keep interrupting the others, so races show on a busy machine (default 0). */
  preempters?: number;
  /** Wake every sleeping thread when the puts stall, a few times per run (./wake-stalls.ts). */
  wakeStalls?: boolean;
  /** Another worker file to run each producer and consumer (default queue-worker.ts)... */
  worker?: string;
  /** ...and what it needs besides a queue worker's data. */
  workerData?: Record<string, unknown>;
}

/**
 * Starts every producer and consumer behind one start barrier and resolves with each consumer's
 * report. Only the consumers are awaited: when items go missing the producers may stay stuck on a
 * full queue, and the test should fail on what was received, not time out. Whatever is still
 * running is stopped after the test.
 */
export async function runTraffic(traffic: Traffic): Promise<ConsumerReport[]> {
  const total = traffic.producers * traffic.itemsEach + (traffic.prefilled ?? 0);
  if (total % traffic.consumers !== 0) throw new Error('the consumers must share the items evenly');
  const barrier = createBarrier();
  const puts = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const roles: QueueWorkerData[] = [
    ...Array.from({ length: traffic.producers }, (_, producer) => ({
      role: 'producer' as const,
      queue: traffic.queue,
      producer,
      items: traffic.itemsEach,
      barrier,
      progress: traffic.wakeStalls ? puts : undefined,
      ...traffic.workerData,
    })),
    ...Array.from({ length: traffic.consumers }, () => ({
      role: 'consumer' as const,
      queue: traffic.queue,
      items: total / traffic.consumers,
      tally: traffic.tally,
      barrier,
      ...traffic.workerData,
    })),
  ];
  let failed = false;
  const answers = roles.map((workerData, index) => {
    const worker = new Worker(traffic.worker ?? QUEUE_WORKER, { workerData });
    return new Promise<ConsumerReport>((resolve, reject) => {
      let answered = false;
      worker.once('message', (answer: ConsumerReport) => {
        answered = true;
        resolve(answer);
      });
      worker.once('error', (error) => {
        failed = true;
        reject(new Error(`${workerData.role} worker ${index} failed: ${error.message}`));
      });
      worker.once('exit', (code) => {
        if (answered) return;
        failed = true;
        reject(
          new Error(`${workerData.role} worker ${index} exited (code ${code}) before answering`),
        );
      });
    });
  });
  // A producer that throws must end the run too, not leave the consumers waiting.
  const producerFailure = Promise.all(answers.slice(0, traffic.producers)).then(
    () => new Promise<never>(() => {}),
  );
  const preempters = startPreempters(traffic.preempters ?? 0);
  // Watched from the start of the traffic: loading the workers is no stall.
  const waking: StallWaker[] = [];
  try {
    const released = releaseWhenAllArrive(barrier, roles.length, () => failed).then(() => {
      if (traffic.wakeStalls) waking.push(wakeStalls(traffic.queue, puts));
    });
    const [reports] = await Promise.race([
      Promise.all([Promise.all(answers.slice(traffic.producers)), released]),
      producerFailure,
    ]);
    return reports;
  } finally {
    await Promise.all(waking.map((waker) => waker.stop()));
    await preempters.stop();
  }
}

/**
 * Resolves once `condition` holds: the test kit's poll, which lets a deadlock among the workers end
 * the test at once instead of at its limit.
 */
export { until } from '@course/testkit';

/** Gives other threads a moment: never an assertion on time, only a chance for a bug to show. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
