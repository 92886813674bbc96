import { because } from '@course/testkit';
import { countWorkersStarted } from '@course/testkit/started';
import {
  countPrimes,
  countPrimesBelow,
  countPrimesParallel,
  fetchAll,
  splitRange,
} from '@subject/ex07-choosing-a-model/choose';
import { FakeServer, flush, settle } from './helpers';

test('countPrimesBelow counts 168 primes below 1,000 and 78,498 below 1,000,000', () => {
  because('there are 168 primes below 1,000 (2, 3, 5, ..., 997)', () =>
    expect(countPrimesBelow(1000)).toBe(168),
  );
  because('there are 78,498 primes below 1,000,000', () =>
    expect(countPrimesBelow(1_000_000)).toBe(78_498),
  );
});

test('splitRange(0, 10, 3) gives 3 chunks that cover 0 to 9 exactly once', () => {
  const chunks = splitRange(0, 10, 3);
  because(
    'three chunks, each starting where the previous one ended, from 0 up to 10 (excluded)',
    () => {
      expect(chunks).toHaveLength(3);
      expect(chunks[0].from).toBe(0);
      expect(chunks[1].from).toBe(chunks[0].to);
      expect(chunks[2].from).toBe(chunks[1].to);
      expect(chunks[2].to).toBe(10);
    },
  );
  because('sizes as even as possible: 4, 3, 3 in some order', () =>
    expect(chunks.map((chunk) => chunk.to - chunk.from).sort()).toEqual([3, 3, 4]),
  );
});

test('countPrimesParallel with 2 workers counts 78,498 primes below 1,000,000', async () => {
  const { result, started } = await countWorkersStarted(() => countPrimesParallel(1_000_000, 2));
  because('two workers, each counting one half of the range', () => expect(started).toBe(2));
  because('the halves together hold the 78,498 primes below 1,000,000', () =>
    expect(result).toBe(78_498),
  );
});

test('fetchAll returns the items in the order of the ids', async () => {
  const server = new FakeServer();
  const items = settle(fetchAll(['a', 'b', 'c', 'd'], server.fetch, { limit: 4 }));
  await flush();
  because('with limit 4 and 4 ids, every fetch starts at once', () =>
    expect(server.started).toEqual(['a', 'b', 'c', 'd']),
  );
  for (const id of ['d', 'b', 'c', 'a']) {
    server.finish(id);
    await flush();
  }
  because('the fetches finish d, b, c, a, but the items follow the order of the ids', () =>
    expect(items).toMatchObject({ settled: true, value: ['item a', 'item b', 'item c', 'item d'] }),
  );
});

test('countPrimes counts a small input in this thread, starting no worker', async () => {
  const { result, started } = await countWorkersStarted(() => countPrimes(1000, { workers: 4 }));
  because('168 primes below 1,000', () => expect(result).toBe(168));
  because(
    'starting a worker costs far more than counting 1,000 numbers: below the threshold, no worker may start',
    () => expect(started).toBe(0),
  );
});
