// Runs in a worker thread started by countPrimesParallel: its workerData is one chunk.
import { parentPort, workerData } from 'worker_threads';
import { type Chunk, countPrimesInRange } from './choose';

const chunk = workerData as Chunk;
// TODO: count the primes of this chunk and send the count to the parent (parentPort!.postMessage).
void chunk;
void countPrimesInRange;
parentPort!.postMessage(0);
