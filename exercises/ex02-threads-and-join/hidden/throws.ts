// A task that posts a first message, then throws workerData.value as it is, however falsy.
import { parentPort, workerData } from 'worker_threads';

parentPort!.postMessage('half done');
throw (workerData as { value: unknown }).value;
