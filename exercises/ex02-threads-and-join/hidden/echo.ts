// A task that posts its workerData back exactly as it came (0, '', false and null included).
import { parentPort, workerData } from 'worker_threads';

parentPort!.postMessage(workerData);
