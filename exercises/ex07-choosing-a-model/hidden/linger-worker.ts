// Answers after `delayMs` (or fails then, or quits then without answering), and afterwards stays
// alive: a pool must stop its workers itself, not count on them to exit.
import { parentPort, workerData } from 'worker_threads';

export interface LingerJob {
  value: number;
  delayMs: number;
  fail?: boolean;
  /** Ends the worker normally (exit code 0) without posting anything. */
  quit?: boolean;
}

const job = workerData as LingerJob;
setTimeout(() => {
  if (job.fail) throw new Error(`job ${job.value} failed`);
  if (job.quit) process.exit(0);
  parentPort!.postMessage(job.value * 10);
}, job.delayMs);
setInterval(() => undefined, 1000);
