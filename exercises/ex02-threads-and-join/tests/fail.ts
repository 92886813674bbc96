// A task that posts a first message, then fails: it throws, or exits with a non-zero code.
import { parentPort, workerData } from 'worker_threads';

const { how, message, code } = workerData as {
  how: 'throw' | 'exit';
  message?: string;
  code?: number;
};
parentPort!.postMessage('half done');
if (how === 'throw') throw new Error(message ?? 'the task broke');
process.exit(code ?? 1);
