// A task that posts one result and ends: workerData.answer, sent back as it came.
import { parentPort, workerData } from 'worker_threads';

const { answer } = workerData as { answer: unknown };
parentPort!.postMessage(answer);
