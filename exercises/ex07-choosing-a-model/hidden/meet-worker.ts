// A chunk of work that cannot finish alone: it enters the probe, waits at the rendezvous for the
// other chunks, counts its primes, and leaves. Run one after another, chunks never meet and the
// probe never passes 1; run in parallel, the probe reaches the number of chunks.
import { parentPort, workerData } from 'worker_threads';
import { OccupancyProbe } from '@course/testkit/occupancy';
import { meet } from '@course/testkit/rendezvous';

export interface MeetJob {
  from: number;
  to: number;
  probe: SharedArrayBuffer;
  rendezvous: SharedArrayBuffer;
  parties: number;
  patienceMs: number;
}

export interface MeetAnswer {
  from: number;
  count: number;
  met: boolean;
}

function countPrimes(from: number, to: number): number {
  let count = 0;
  for (let n = Math.max(from, 2); n < to; n++) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= n; divisor++) {
      if (n % divisor === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

const job = workerData as MeetJob;
const probe = new OccupancyProbe(job.probe);
probe.enter();
const met = meet(job.rendezvous, job.parties, job.patienceMs);
const count = countPrimes(job.from, job.to);
probe.leave();
const answer: MeetAnswer = { from: job.from, count, met };
parentPort!.postMessage(answer);
