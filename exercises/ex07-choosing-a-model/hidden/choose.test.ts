import * as path from 'path';
import { because, liveWorkers, OccupancyProbe } from '@course/testkit';
import { arrivals, createRendezvous } from '@course/testkit/rendezvous';
import { countWorkersStarted } from '@course/testkit/started';
import {
  countPrimes,
  countPrimesInRange,
  countPrimesParallel,
  fetchAll,
  runInWorkers,
  splitRange,
} from '@subject/ex07-choosing-a-model/choose';
import { FakeServer, flush, messageOf, settle, waitUntil } from '../tests/helpers';
import type { LingerJob } from './linger-worker';
import type { MeetAnswer, MeetJob } from './meet-worker';

const PRIMES_BELOW_100 = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
];

test('countPrimesInRange counts a prime at a chunk edge exactly once', () => {
  because(
    'from is in the range and to is not: [7, 11) holds 7 only, [11, 14) holds 11 and 13',
    () => {
      expect(countPrimesInRange(7, 11)).toBe(1);
      expect(countPrimesInRange(11, 14)).toBe(2);
      expect(countPrimesInRange(2, 3)).toBe(1);
      expect(countPrimesInRange(3, 3)).toBe(0);
      expect(countPrimesInRange(0, 2)).toBe(0);
    },
  );
  // Cut 0..100 at every prime: each prime is the first number of one piece and in no other.
  const edges = [0, ...PRIMES_BELOW_100, 100];
  const pieces = edges.slice(1).map((to, index) => countPrimesInRange(edges[index], to));
  because(
    'cut at every prime below 100, the pieces hold 25 primes together, one per piece after the first',
    () => expect(pieces).toEqual([0, ...PRIMES_BELOW_100.map(() => 1)]),
  );
});

test('splitRange covers any range exactly, in chunks whose sizes differ by at most one', () => {
  const cases: [number, number, number][] = [
    [0, 10, 3],
    [0, 10, 4],
    [0, 1_000_000, 3],
    [0, 1_000_003, 8],
    [3, 100, 7],
    [17, 18, 4],
    [5, 8, 5],
    [40, 40, 3],
    [0, 12, 12],
  ];
  for (const [from, to, parts] of cases) {
    const chunks = splitRange(from, to, parts);
    const sizes = chunks.map((chunk) => chunk.to - chunk.from);
    const call = `splitRange(${from}, ${to}, ${parts})`;
    because(`${call} gives min(parts, to - from) = ${Math.min(parts, to - from)} chunks`, () =>
      expect(chunks).toHaveLength(Math.min(parts, to - from)),
    );
    if (chunks.length === 0) continue;
    because(
      `${call}: the first chunk starts at ${from} and the last ends at ${to} (excluded)`,
      () => {
        expect(chunks[0].from).toBe(from);
        expect(chunks[chunks.length - 1].to).toBe(to);
      },
    );
    because(
      `${call}: each chunk starts exactly where the previous one ended (no gap, no overlap)`,
      () =>
        expect(chunks.slice(1).map((chunk) => chunk.from)).toEqual(
          chunks.slice(0, -1).map((chunk) => chunk.to),
        ),
    );
    because(`${call}: chunk sizes differ by at most one, so no worker gets much more work`, () => {
      expect(Math.min(...sizes)).toBeGreaterThan(0);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    });
  }
});

test('countPrimesParallel counts exactly with awkward sizes and worker counts', async () => {
  const below30 = await countPrimesParallel(30, 4);
  because(
    '10 primes below 30; split in 4 chunks, chunk edges fall on primes (23 for an even split)',
    () => expect(below30).toBe(10),
  );
  const below1000 = await countPrimesParallel(1000, 3);
  because('168 primes below 1,000 (3 workers)', () => expect(below1000).toBe(168));
});

test('countPrimesParallel starts one worker per chunk and leaves none running', async () => {
  const { result, started } = await countWorkersStarted(() => countPrimesParallel(100_003, 3));
  because('9,592 primes below 100,003 (itself a prime, so not counted)', () =>
    expect(result).toBe(9592),
  );
  because('3 workers asked for, so 3 chunks and 3 workers', () => expect(started).toBe(3));
  because('once the count is known, every worker has exited', () =>
    expect(liveWorkers()).toHaveLength(0),
  );
});

test('runInWorkers runs the jobs at the same time', async () => {
  const probe = new OccupancyProbe();
  const rendezvous = createRendezvous();
  const jobs: MeetJob[] = [
    { from: 0, to: 50_000 },
    { from: 50_000, to: 100_000 },
  ].map((chunk) => ({ ...chunk, probe: probe.buffer, rendezvous, parties: 2, patienceMs: 30_000 }));
  const run = settle(
    runInWorkers<MeetJob, MeetAnswer>(path.join(__dirname, 'meet-worker.ts'), jobs),
  );
  await waitUntil(() => arrivals(rendezvous) > 0 || run.settled, 5000);
  because(
    'runInWorkers must start a worker that runs the script with its job as workerData',
    () => {
      expect(run.reason).toBeUndefined();
      expect(arrivals(rendezvous)).toBeGreaterThan(0);
    },
  );
  await waitUntil(() => probe.maximum >= 2 || run.settled, 3000);
  because(
    'each job waits inside its worker until the other job is running too: workers started one after another never meet (the occupancy probe stays at 1). Start every worker before waiting for any answer',
    () => expect(probe.maximum).toBe(2),
  );
  await waitUntil(() => run.settled, 5000);
  because(
    'both jobs answered, in job order: 5,133 primes below 50,000, 4,459 from 50,000 to 100,000',
    () =>
      expect(run.value?.map((answer) => [answer.from, answer.count, answer.met])).toEqual([
        [0, 5133, true],
        [50_000, 4459, true],
      ]),
  );
});

test("runInWorkers returns each worker's answer in job order and leaves no worker running", async () => {
  const jobs: LingerJob[] = [
    { value: 1, delayMs: 120 },
    { value: 2, delayMs: 0 },
    { value: 3, delayMs: 60 },
  ];
  const answers = await runInWorkers<LingerJob, number>(
    path.join(__dirname, 'linger-worker.ts'),
    jobs,
  );
  because(
    'the workers answer in the order 2, 3, 1, but the answers follow the order of the jobs',
    () => expect(answers).toEqual([10, 20, 30]),
  );
  because(
    'these workers stay alive after answering (a timer keeps them busy): runInWorkers must stop every worker (worker.terminate()) before it resolves',
    () => expect(liveWorkers()).toHaveLength(0),
  );
});

test("runInWorkers rejects with a failing worker's error and stops the others", async () => {
  const jobs: LingerJob[] = [
    { value: 1, delayMs: 0 },
    { value: 2, delayMs: 100, fail: true },
    { value: 3, delayMs: 0 },
  ];
  const run = settle(
    runInWorkers<LingerJob, number>(path.join(__dirname, 'linger-worker.ts'), jobs),
  );
  await waitUntil(() => run.settled, 4000);
  because("the worker of job 2 throws: runInWorkers must reject with that worker's error", () => {
    expect(run.rejected).toBe(true);
    expect(messageOf(run.reason)).toContain('job 2 failed');
  });
  because('after a failure, no worker of the run may be left running', () =>
    expect(liveWorkers()).toHaveLength(0),
  );
});

test('fetchAll never has more than limit fetches in flight, and keeps limit busy', async () => {
  const server = new FakeServer();
  const ids = Array.from({ length: 10 }, (_, index) => `id${index}`);
  const items = settle(fetchAll(ids, server.fetch, { limit: 3 }));
  await flush();
  because(
    'with limit 3, fetchAll starts 3 fetches and waits for one to finish before the 4th',
    () => expect(server.started).toEqual(['id0', 'id1', 'id2']),
  );
  for (let finished = 1; finished <= ids.length; finished++) {
    // Finish the newest fetch in flight: the order fetches finish in is not the order they began.
    const pending = server.pending();
    because('fetchAll must go on fetching until every id is fetched', () =>
      expect(pending.length).toBeGreaterThan(0),
    );
    server.finish(pending[pending.length - 1]);
    await flush();
    const waiting = ids.length - finished;
    because(
      `after ${finished} fetches have finished, ${Math.min(3, waiting)} must be in flight: a free place is used at once, and never more than 3`,
      () => expect(server.inFlight).toBe(Math.min(3, waiting)),
    );
  }
  because('every fetch was at most one of 3 in flight, and all items arrived', () => {
    expect(server.maxInFlight).toBe(3);
    expect(items.settled).toBe(true);
  });
});

test("fetchAll puts each item at its id's index, whatever order the fetches finish in", async () => {
  const server = new FakeServer();
  const ids = ['p', 'q', 'r', 's', 't', 'u'];
  const items = settle(fetchAll(ids, server.fetch, { limit: 4 }));
  await flush();
  for (const id of ['s', 'q', 'u', 'p', 't', 'r']) {
    because(`fetchAll must fetch every id, at most 4 at a time (${id} is not being fetched)`, () =>
      expect(server.pending()).toContain(id),
    );
    server.finish(id);
    await flush();
  }
  because('items must follow the order of the ids, not the order the fetches finished in', () =>
    expect(items.value).toEqual(ids.map((id) => `item ${id}`)),
  );
});

test('fetchAll rejects with the error of a failed fetch', async () => {
  const server = new FakeServer();
  const failure = new Error('r is gone');
  const items = settle(fetchAll(['p', 'q', 'r'], server.fetch, { limit: 3 }));
  await flush();
  because('with limit 3 and 3 ids, every fetch starts at once', () =>
    expect(server.started).toEqual(['p', 'q', 'r']),
  );
  server.finish('p');
  server.fail('r', failure);
  await flush();
  because('a fetch that fails makes fetchAll reject with its error', () =>
    expect(items).toMatchObject({ settled: true, rejected: true, reason: failure }),
  );
});

test('countPrimes starts no worker below the threshold and uses workers above it', async () => {
  const small = await countWorkersStarted(() => countPrimes(50_000));
  because(
    '50,000 is below the default threshold (SMALL_INPUT): count in this thread, no worker',
    () => expect(small).toEqual({ result: 5133, started: 0 }),
  );
  const lowered = await countWorkersStarted(() =>
    countPrimes(50_000, { threshold: 10_000, workers: 2 }),
  );
  because(
    'with threshold 10,000, 50,000 is a large input: count with the 2 workers asked for',
    () => expect(lowered).toEqual({ result: 5133, started: 2 }),
  );
  const large = await countWorkersStarted(() => countPrimes(200_000, { workers: 2 }));
  because('200,000 is above the default threshold: count with the 2 workers asked for', () =>
    expect(large).toEqual({ result: 17_984, started: 2 }),
  );
});
