// Runs in a worker thread started by countPrimesParallel: its workerData is one chunk.
import { parentPort, workerData } from 'worker_threads';
import { type Chunk, countPrimesInRange } from './choose';

const { from, to } = workerData as Chunk;
parentPort!.postMessage(countPrimesInRange(from, to));
