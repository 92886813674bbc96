import { inPool } from './in-pool';

/** A task that records when it starts and ends, and finishes when `release` is called. */
function gatedTasks(count: number) {
  const log: string[] = [];
  let running = 0;
  let most = 0;
  const gates: (() => void)[] = [];
  const tasks = Array.from({ length: count }, (_, index) => async () => {
    running++;
    most = Math.max(most, running);
    log.push(`start ${index}`);
    await new Promise<void>((resolve) => (gates[index] = resolve));
    running--;
    log.push(`end ${index}`);
    return index * 10;
  });
  return { tasks, log, gates, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('runs at most `jobs` tasks at once, starts them in order, and puts each result at its index', async () => {
  const { tasks, log, gates, most } = gatedTasks(5);
  const done = inPool(tasks, 2);
  await settle();
  expect(log).toEqual(['start 0', 'start 1']);
  // The second finishes first: the third takes its place, and results keep the tasks' order.
  gates[1]();
  await settle();
  expect(log).toEqual(['start 0', 'start 1', 'end 1', 'start 2']);
  for (const index of [0, 2, 3, 4]) {
    await settle();
    gates[index]();
  }
  expect(await done).toEqual([0, 10, 20, 30, 40]);
  expect(most()).toBe(2);
});

test('one job runs the tasks one after another; more jobs than tasks starts them all', async () => {
  const one = gatedTasks(3);
  const serial = inPool(one.tasks, 1);
  for (const index of [0, 1, 2]) {
    await settle();
    one.gates[index]();
  }
  expect(await serial).toEqual([0, 10, 20]);
  expect(one.most()).toBe(1);

  const all = gatedTasks(3);
  const wide = inPool(all.tasks, 8);
  await settle();
  expect(all.log).toEqual(['start 0', 'start 1', 'start 2']);
  all.gates.forEach((release) => release());
  expect(await wide).toEqual([0, 10, 20]);
});

test('once aborted, no further task starts, and those never started stay undefined', async () => {
  const { tasks, gates } = gatedTasks(4);
  const stop = new AbortController();
  const done = inPool(tasks, 2, stop.signal);
  await settle();
  stop.abort();
  gates[0]();
  gates[1]();
  expect(await done).toEqual([0, 10, undefined, undefined]);
});
