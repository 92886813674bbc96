// A task that posts each of workerData.messages in turn, then ends normally: its last message is
// the thread's result, and with no message at all the result is undefined.
import { parentPort, workerData } from 'worker_threads';

for (const message of (workerData as { messages: unknown[] }).messages)
  parentPort!.postMessage(message);
