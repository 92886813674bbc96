import { because } from '@course/testkit';
import { runEventLoop, work } from '@subject/ex01-generator-tasks/event-loop';
import { FakeClock } from './fake-clock';
import { scripted } from './scripted-task';

test('work logs, sleeps one step and yields on each step until its time is up', () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const task = work({
    name: 'A',
    durationMs: 900,
    stepMs: 300,
    clock,
    result: () => 42,
    log: (line) => log.push(line),
  });
  const steps: unknown[] = [];
  for (let call = 1; call <= 4; call++) {
    const { done, value } = task.next();
    steps.push({ call, done, value, clockAt: clock.now(), log: [...log] });
  }
  because(
    'each next() is one step: log "A is working", clock.sleep(300), yield. The 4th step finds 900 ms have passed: it logs "A finished" and returns the result',
    () =>
      expect(steps).toEqual([
        { call: 1, done: false, value: undefined, clockAt: 300, log: ['A is working'] },
        {
          call: 2,
          done: false,
          value: undefined,
          clockAt: 600,
          log: ['A is working', 'A is working'],
        },
        {
          call: 3,
          done: false,
          value: undefined,
          clockAt: 900,
          log: ['A is working', 'A is working', 'A is working'],
        },
        {
          call: 4,
          done: true,
          value: 42,
          clockAt: 900,
          log: ['A is working', 'A is working', 'A is working', 'A finished'],
        },
      ]),
  );
});

test("runEventLoop returns every task's result under the task's name", () => {
  const trace: string[] = [];
  const { tasks } = scripted<string>(trace, ['A', 1, () => 'apple'], ['B', 2, () => 'banana']);
  const results = runEventLoop(tasks);
  because('A returns "apple" and B returns "banana"', () =>
    expect(results).toEqual({ A: 'apple', B: 'banana' }),
  );
});

test('two tasks take turns, one step each: A B A B', () => {
  const trace: string[] = [];
  const { tasks } = scripted(trace, ['A', 2, () => 1], ['B', 2, () => 2]);
  runEventLoop(tasks);
  because(
    'the loop must call next() on A, then on B, then on A again... (each task here yields twice, then returns on its 3rd step)',
    () => expect(trace.join(' ')).toBe('A B A B A B'),
  );
});

test('the loop runs work tasks side by side on one clock', () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const results = runEventLoop({
    A: work({
      name: 'A',
      durationMs: 600,
      stepMs: 300,
      clock,
      result: () => 'a',
      log: (line) => log.push(line),
    }),
    B: work({
      name: 'B',
      durationMs: 900,
      stepMs: 300,
      clock,
      result: () => 'b',
      log: (line) => log.push(line),
    }),
  });
  because(
    "A starts at 0 and B at 300 (A's first step took 300 ms of the shared clock); at 600 A's time is up, and B's at 1200",
    () =>
      expect(log).toEqual([
        'A is working',
        'B is working',
        'A finished',
        'B is working',
        'B is working',
        'B finished',
      ]),
  );
  because('each task returns its result', () => expect(results).toEqual({ A: 'a', B: 'b' }));
});
