import type * as OsModule from 'os';
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
import { workersAliveAtOnce } from './alive';
import type { LingerJob } from './linger-worker';
import type { MeetAnswer, MeetJob } from './meet-worker';

// The real module object, so that a spy on it is seen by code under test however it imports os.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const realOs = require('os') as typeof OsModule;

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
  // Three jobs, not two: a pool that runs at most one worker per core (2 here) must not pass.
  const jobs: MeetJob[] = [
    { from: 0, to: 50_000 },
    { from: 50_000, to: 100_000 },
    { from: 100_000, to: 150_000 },
  ].map((chunk) => ({ ...chunk, probe: probe.buffer, rendezvous, parties: 3, patienceMs: 30_000 }));
  const run = settle(
    runInWorkers<MeetJob, MeetAnswer>(path.join(__dirname, 'meet-worker.ts'), jobs),
  );
  // Generous limits: they only bound how long a wrong answer takes to fail on a loaded machine.
  await waitUntil(() => arrivals(rendezvous) > 0 || run.settled, 12_000);
  because(
    'runInWorkers must start a worker that runs the script with its job as workerData',
    () => {
      expect(run.reason).toBeUndefined();
      expect(arrivals(rendezvous)).toBeGreaterThan(0);
    },
  );
  await waitUntil(() => probe.maximum >= 3 || run.settled, 8000);
  because(
    `each of the 3 jobs waits inside its worker until the other two are running too, but at most ${probe.maximum} were inside at once: every job needs its own worker, all started before waiting for any answer (not one at a time, not one per core)`,
    () => expect(probe.maximum).toBe(3),
  );
  await waitUntil(() => run.settled, 8000);
  because(
    'all three jobs answered, in job order: 5,133 primes below 50,000, 4,459 from 50,000 to 100,000, 4,256 from 100,000 to 150,000',
    () =>
      expect(run.value?.map((answer) => [answer.from, answer.count, answer.met])).toEqual([
        [0, 5133, true],
        [50_000, 4459, true],
        [100_000, 4256, true],
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
  let aliveAtSettle = -1;
  const run = settle(
    runInWorkers<LingerJob, number>(path.join(__dirname, 'linger-worker.ts'), jobs).finally(() => {
      aliveAtSettle = liveWorkers().length;
    }),
  );
  await waitUntil(() => run.settled, 8000);
  because("the worker of job 2 throws: runInWorkers must reject with that worker's error", () => {
    expect(run.rejected).toBe(true);
    expect(messageOf(run.reason)).toContain('job 2 failed');
  });
  because(
    `when runInWorkers rejected, ${aliveAtSettle} of its workers were still running (jobs 1 and 3 stay alive after answering): stop every worker, and wait until they have stopped, before rejecting`,
    () => expect(aliveAtSettle).toBe(0),
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

test('countPrimesParallel runs all of its workers at the same time', async () => {
  // 3 workers, not 2: one worker per core at a time must not pass on a 2-core machine.
  const { result, started, mostAlive } = await workersAliveAtOnce(() =>
    countPrimesParallel(30_000, 3),
  );
  because('3,245 primes below 30,000', () => expect(result).toBe(3245));
  because(
    `3 workers asked for: ${started} were started, and at most ${mostAlive} were running at one moment. Start every worker before waiting for any answer`,
    () => expect({ started, mostAlive }).toEqual({ started: 3, mostAlive: 3 }),
  );
});

test("runInWorkers gives each worker its job as workerData and resolves with each worker's first message", async () => {
  // Jobs that repeat (an equal value, the very same object) are jobs all the same: each has its
  // own worker and its own place among the answers.
  const shared = { nested: [1, 2] };
  const jobs = [0, '', false, null, shared, 0, shared];
  const { result, started } = await countWorkersStarted(() =>
    runInWorkers<unknown, unknown>(path.join(__dirname, 'echo-worker.ts'), jobs),
  );
  because(
    "each worker posts its workerData back, then 'a second message': the answers must be the jobs themselves (falsy ones too), one worker per job, a job given twice (0, and one object) answered in each of its places",
    () => expect({ answers: result, started }).toStrictEqual({ answers: jobs, started: 7 }),
  );
});

test('runInWorkers rejects when a worker exits without answering, and stops the others', async () => {
  const jobs: LingerJob[] = [
    { value: 1, delayMs: 0 },
    { value: 2, delayMs: 100, quit: true },
    { value: 3, delayMs: 0 },
  ];
  let aliveAtSettle = -1;
  const run = settle(
    runInWorkers<LingerJob, number>(path.join(__dirname, 'linger-worker.ts'), jobs).finally(() => {
      aliveAtSettle = liveWorkers().length;
    }),
  );
  await waitUntil(() => run.settled, 8000);
  because(
    `the worker of job 2 ended normally (exit code 0) without posting an answer: runInWorkers must reject, not ${run.settled ? 'resolve' : 'wait forever'}. Listen for 'exit' too`,
    () =>
      expect({ settled: run.settled, rejected: run.rejected }).toEqual({
        settled: true,
        rejected: true,
      }),
  );
  because(
    `when runInWorkers rejected, ${aliveAtSettle} of its workers were still running: stop them all before rejecting`,
    () => expect(aliveAtSettle).toBe(0),
  );
});

test('fetchAll fetches once per id, repeated ids and falsy items included', async () => {
  const values: Record<string, unknown> = { zero: 0, empty: '', none: undefined, nil: null };
  const ids = ['zero', 'empty', 'zero', 'none', 'nil', 'empty'];
  const fetched: string[] = [];
  const fetcher = async (id: string) => {
    fetched.push(id);
    await new Promise((resolve) => setImmediate(resolve));
    return values[id];
  };
  const { result: items, started } = await countWorkersStarted(() =>
    fetchAll(ids, fetcher, { limit: 2 }),
  );
  because('fetching is waiting, not computing: fetchAll starts no worker', () =>
    expect(started).toBe(0),
  );
  because(
    'every entry of ids is fetched, a repeated id again: fetcher(id) is called once per entry',
    () => expect([...fetched].sort()).toEqual([...ids].sort()),
  );
  because(
    "each item is what the fetcher gave for the id at its index, 0, '', undefined and null included",
    () => expect(items).toStrictEqual(ids.map((id) => values[id])),
  );
});

test('fetchAll with fewer ids than the limit, or none, fetches each id once and resolves', async () => {
  const server = new FakeServer();
  const none = settle(fetchAll([], server.fetch, { limit: 3 }));
  await flush();
  because('with no ids there is nothing to fetch: fetchAll resolves with [] at once', () =>
    expect({ fetched: server.started.length, none }).toMatchObject({
      fetched: 0,
      none: { settled: true, value: [] },
    }),
  );
  const two = settle(fetchAll(['a', 'b'], server.fetch, { limit: 5 }));
  await flush();
  because('limit 5 and 2 ids: exactly those 2 fetches start, no more', () =>
    expect(server.started).toEqual(['a', 'b']),
  );
  server.finish('b');
  server.finish('a');
  await flush();
  because('both fetches finished: fetchAll resolves with both items in the order of the ids', () =>
    expect(two).toMatchObject({ settled: true, value: ['item a', 'item b'] }),
  );
});

test('countPrimes uses workers from the threshold itself up, and threshold 0 is a threshold', async () => {
  const below = await countWorkersStarted(() =>
    countPrimes(9_999, { threshold: 10_000, workers: 3 }),
  );
  const at = await countWorkersStarted(() =>
    countPrimes(10_000, { threshold: 10_000, workers: 3 }),
  );
  const zero = await countWorkersStarted(() => countPrimes(1000, { threshold: 0, workers: 3 }));
  because(
    'below the threshold (9,999 < 10,000) no worker; at the threshold (10,000) and above it, the 3 workers asked for; threshold 0 makes every input large (0 is a value, not a missing option)',
    () =>
      expect({ below, at, zero }).toEqual({
        below: { result: 1229, started: 0 },
        at: { result: 1229, started: 3 },
        zero: { result: 168, started: 3 },
      }),
  );
});

test('countPrimes uses one worker per core by default', async () => {
  // Pretend to have 3 cores, a count this machine (2 cores) cannot give by chance.
  const cores = jest.spyOn(realOs, 'availableParallelism').mockReturnValue(3);
  const cpus = jest
    .spyOn(realOs, 'cpus')
    .mockReturnValue(
      realOs.cpus().slice(0, 1).concat(realOs.cpus().slice(0, 1), realOs.cpus().slice(0, 1)),
    );
  try {
    // A copy of the subject loaded with the spies in place, so code that reads the core count
    // once, when its module is loaded, sees 3 too. A low threshold keeps the count small: the
    // default worker count is what is checked here.
    let fresh!: typeof countPrimes;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = require('@subject/ex07-choosing-a-model/choose').countPrimes;
    });
    const large = await countWorkersStarted(() => fresh(30_000, { threshold: 1000 }));
    because(
      'with no workers option, countPrimes uses one worker per core: os.availableParallelism() says 3 here',
      () => expect(large).toEqual({ result: 3245, started: 3 }),
    );
  } finally {
    cores.mockRestore();
    cpus.mockRestore();
  }
});
