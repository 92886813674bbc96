// Posts its workerData back exactly as it came (0, '', false and null included), then a second
// message, then ends: a pool must answer with the first message, and the job itself must arrive.
import { parentPort, workerData } from 'worker_threads';

parentPort!.postMessage(workerData);
parentPort!.postMessage('a second message');
