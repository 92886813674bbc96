import { parentPort } from 'worker_threads';

// A worker that only proves it started: what the TypeScript loader costs per worker.
const started: number = Date.now();
parentPort!.postMessage(started);
