import { runInRounds } from './run-rounds';

/** A run that ends when the test says so: `end(group, run)`. */
function controlled(runsOf: Record<string, number>) {
  const log: string[] = [];
  const endings = new Map<string, () => void>();
  const work = (group: string, run: number) => {
    log.push(`start ${group}${run}`);
    return new Promise<boolean>((resolve) =>
      endings.set(`${group}${run}`, () => {
        log.push(`end ${group}${run}`);
        resolve(run + 1 < runsOf[group]);
      }),
    );
  };
  const end = async (key: string) => {
    // Lets the lanes reach the run first, then lets them react to its end.
    for (let i = 0; i < 5 && !endings.has(key); i++) await Promise.resolve();
    const ending = endings.get(key);
    if (!ending) throw new Error(`${key} never started; log: ${log.join(', ')}`);
    endings.delete(key);
    ending();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { log, work, end };
}

test('a free lane starts a group’s next run while another group is still in its first', async () => {
  const { log, work, end } = controlled({ a: 3, b: 1, c: 1 });
  const done: number[] = [];
  const all = runInRounds(['a', 'b', 'c'], 2, work, { onRunDone: (run) => done.push(run) });
  await end('a0');
  // c0 (an earlier run) goes before a1.
  await end('c0');
  await end('a1');
  expect(done).toEqual([]);
  await end('b0');
  expect(done).toEqual([0, 1]);
  await end('a2');
  await all;
  expect(done).toEqual([0, 1, 2]);
  expect(log).toEqual([
    'start a0',
    'start b0',
    'end a0',
    'start c0',
    'end c0',
    'start a1',
    'end a1',
    'start a2',
    'end b0',
    'end a2',
  ]);
});

test('one lane runs every first run, then every second run, group by group', async () => {
  const order: string[] = [];
  await runInRounds(['a', 'b', 'c'], 1, async (group, run) => {
    order.push(`${group}${run}`);
    return run === 0 || (group !== 'b' && run < 2);
  });
  expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'a2', 'c2']);
});

test('a later run waits for mayStart, and a refusal ends that group with the runs it had', async () => {
  const order: string[] = [];
  const asked: number[] = [];
  const done: number[] = [];
  await runInRounds(
    ['a', 'b'],
    2,
    async (group, run) => {
      order.push(`${group}${run}`);
      return run < 3;
    },
    {
      mayStart: async (run) => {
        asked.push(run);
        return run < 2;
      },
      onRunDone: (run) => done.push(run),
    },
  );
  expect(order.sort()).toEqual(['a0', 'a1', 'b0', 'b1']);
  expect(asked.sort()).toEqual([1, 1, 2, 2]);
  expect(done).toEqual([0, 1]);
});

test('a failing run starts no new runs and is thrown once the runs under way end', async () => {
  const { log, work, end } = controlled({ a: 2, b: 1, c: 1 });
  const failing = (group: string, run: number) =>
    group === 'a' && run === 0 ? Promise.reject(new Error('disk full')) : work(group, run);
  const all = runInRounds(['a', 'b', 'c'], 2, failing);
  const settled = all.then(
    () => 'resolved',
    (error: Error) => error.message,
  );
  await end('b0');
  expect(await settled).toBe('disk full');
  expect(log).toEqual(['start b0', 'end b0']);
});

test('no groups: nothing runs and nothing is reported', async () => {
  const done: number[] = [];
  await runInRounds([], 2, async () => true, { onRunDone: (run) => done.push(run) });
  expect(done).toEqual([]);
});
