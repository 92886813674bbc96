// A task for the generated runThreads cases (./run-case.ts): after delayMs it posts each of
// `posts` in turn, then returns, throws `value` as it is, or ends with exit code `value`.
import { parentPort, workerData } from 'worker_threads';
import type { ScriptedTask } from './run-case';

const task = workerData as ScriptedTask;
setTimeout(() => {
  for (const message of task.posts) parentPort!.postMessage(message);
  if (task.end === 'throws') throw task.value;
  // Set, not process.exit(): the thread ends on its own, after its messages have gone out.
  if (task.end === 'exits') process.exitCode = task.value as number;
}, task.delayMs);
