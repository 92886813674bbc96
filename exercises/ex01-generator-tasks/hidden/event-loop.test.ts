import { because, isInstance } from '@course/testkit';
import { TaskError, runEventLoop, work } from '@subject/ex01-generator-tasks/event-loop';
import { FakeClock } from '../tests/fake-clock';
import { scripted } from '../tests/scripted-task';

/** Checks names and values exactly: a missing key and a key holding undefined are different. */
function expectExactly(results: Record<string, unknown>, expected: Record<string, unknown>) {
  because('runEventLoop must return one entry per task, named after the task', () =>
    expect(Object.keys(results).sort()).toEqual(Object.keys(expected).sort()),
  );
  for (const [name, value] of Object.entries(expected)) {
    because(`task ${name} returned ${JSON.stringify(value) ?? 'undefined'}`, () =>
      expect(results[name]).toBe(value),
    );
  }
}

test('each turn advances every unfinished task once, in the order given', () => {
  const trace: string[] = [];
  const { tasks } = scripted(trace, ['A', 3, () => 1], ['B', 1, () => 2], ['C', 2, () => 3]);
  runEventLoop(tasks);
  because(
    'A yields 3 times, B once, C twice. Turn 1: A B C; turn 2: A B (B returns) C; turn 3: A C (C returns); turn 4: A (A returns). A loop that runs one task to the end before starting the next gives A A A A B B C C C',
    () => expect(trace.join(' ')).toBe('A B C A B C A C A'),
  );
});

test('a task that finishes does not make the loop skip the next one', () => {
  const trace: string[] = [];
  const { tasks } = scripted(
    trace,
    ['A', 0, () => 1],
    ['B', 2, () => 2],
    ['C', 2, () => 3],
    ['D', 1, () => 4],
  );
  runEventLoop(tasks);
  because(
    'A returns on its first step, D on its second. Removing a task from the array you are looping over shifts the next task into its place, and the loop steps over it',
    () => expect(trace.join(' ')).toBe('A B C D B C D B C'),
  );
});

test('a finished task is never advanced again', () => {
  const trace: string[] = [];
  const { tasks, list } = scripted(trace, ['A', 0, () => 1], ['B', 3, () => 2], ['C', 1, () => 3]);
  runEventLoop(tasks);
  const extraCalls = Object.fromEntries(list.map((task) => [task.name, task.callsAfterDone]));
  because(
    'once next() has said done, the task is over: drop it from the loop (calls after done are traced as "A!")',
    () =>
      expect({ extraCalls, trace: trace.join(' ') }).toEqual({
        extraCalls: { A: 0, B: 0, C: 0 },
        trace: 'A B C B C B B',
      }),
  );
});

test("falsy results are kept: 0, '', false, null and undefined", () => {
  const trace: string[] = [];
  const { tasks } = scripted<unknown>(
    trace,
    ['zero', 1, () => 0],
    ['empty', 0, () => ''],
    ['no', 2, () => false],
    ['nothing', 1, () => null],
    ['unset', 0, () => undefined],
    ['yes', 1, () => true],
  );
  const results = runEventLoop(tasks);
  expectExactly(results, {
    zero: 0,
    empty: '',
    no: false,
    nothing: null,
    unset: undefined,
    yes: true,
  });
});

test('each result is kept under the name of the task that returned it', () => {
  const trace: string[] = [];
  const { tasks } = scripted(
    trace,
    ['A', 0, () => 'from A'],
    ['B', 3, () => 'from B'],
    ['C', 1, () => 'from C'],
    ['D', 2, () => 'from D'],
  );
  const results = runEventLoop(tasks);
  expectExactly(results, { A: 'from A', B: 'from B', C: 'from C', D: 'from D' });
});

test("an error in one task names that task and keeps the other tasks' results", () => {
  const trace: string[] = [];
  const broken = new Error('disk on fire');
  const { tasks } = scripted<string | number>(
    trace,
    ['A', 2, () => 'a'],
    [
      'B',
      1,
      () => {
        throw broken;
      },
    ],
    ['C', 3, () => 0],
  );
  let caught: unknown;
  try {
    runEventLoop(tasks);
  } catch (error) {
    caught = error;
  }
  because('runEventLoop must throw a TaskError when a task throws', () =>
    expect(caught).toBeInstanceOf(TaskError),
  );
  const error = caught as TaskError;
  because('the TaskError names the task that threw, and keeps what it threw as its cause', () =>
    expect({ taskName: error.taskName, cause: error.cause }).toEqual({
      taskName: 'B',
      cause: broken,
    }),
  );
  because('the message says which task failed and why', () => {
    expect(error.message).toContain('B');
    expect(error.message).toContain('disk on fire');
  });
  because('the other tasks still run to the end', () =>
    expect(trace.join(' ')).toBe('A B C A B C A C C'),
  );
  because("the TaskError carries the other tasks' results", () =>
    expectExactly(error.results, { A: 'a', C: 0 }),
  );
});

test('work hands control back after every step instead of waiting out its time', () => {
  const clock = new FakeClock();
  const log: string[] = [];
  let computed = 0;
  const task = work({
    name: 'slow',
    durationMs: 250,
    stepMs: 100,
    clock,
    result: () => ++computed,
    log: (line) => log.push(line),
  });
  const seen: unknown[] = [];
  for (let call = 1; call <= 4; call++) {
    const { done, value } = task.next();
    seen.push({ call, done, value, clockAt: clock.now(), lines: log.length, computed });
  }
  because(
    'one next() is one step of 100 ms: 3 working steps (at 0, 100 and 200 less than 250 ms have passed), then the 4th returns the result, computed once',
    () =>
      expect(seen).toEqual([
        { call: 1, done: false, value: undefined, clockAt: 100, lines: 1, computed: 0 },
        { call: 2, done: false, value: undefined, clockAt: 200, lines: 2, computed: 0 },
        { call: 3, done: false, value: undefined, clockAt: 300, lines: 3, computed: 0 },
        { call: 4, done: true, value: 1, clockAt: 300, lines: 4, computed: 1 },
      ]),
  );

  const shared = new FakeClock();
  const together: string[] = [];
  const job = (name: string, durationMs: number) =>
    work({
      name,
      durationMs,
      stepMs: 100,
      clock: shared,
      result: () => name,
      log: (line) => together.push(line),
    });
  runEventLoop({ X: job('X', 300), Y: job('Y', 100), Z: job('Z', 500) });
  because(
    'three tasks on one clock take turns step by step (Z starts at 200 and works until 700); a task that loops without yielding keeps the others waiting',
    () =>
      expect(together).toEqual([
        'X is working',
        'Y is working',
        'Z is working',
        'X finished',
        'Y finished',
        'Z is working',
        'Z is working',
        'Z is working',
        'Z is working',
        'Z finished',
      ]),
  );
});

test('of several failing tasks, the TaskError names the first to throw', () => {
  const trace: string[] = [];
  const late = new Error('A broke on its 3rd step');
  const early = new Error('C broke on its 1st step');
  const sameTurn = new Error('D broke on its 1st step too');
  const { tasks } = scripted<string>(
    trace,
    [
      'A',
      2,
      () => {
        throw late;
      },
    ],
    ['B', 3, () => 'b'],
    [
      'C',
      0,
      () => {
        throw early;
      },
    ],
    [
      'D',
      0,
      () => {
        throw sameTurn;
      },
    ],
  );
  let caught: unknown;
  try {
    runEventLoop(tasks);
  } catch (error) {
    caught = error;
  }
  because('runEventLoop must throw a TaskError when tasks throw', () =>
    expect(caught).toBeInstanceOf(TaskError),
  );
  const error = caught as TaskError;
  because(
    `C throws in turn 1 (D too, but after C in the same turn) and A only in turn 3, so the TaskError must name C and carry C's error; it named ${JSON.stringify(error.taskName)} with "${String((error.cause as Error | undefined)?.message)}"`,
    () =>
      expect({ taskName: error.taskName, cause: error.cause }).toEqual({
        taskName: 'C',
        cause: early,
      }),
  );
  because('every failing task is dropped and the others still run to the end', () =>
    expect(trace.join(' ')).toBe('A B C D A B A B B'),
  );
  because("the TaskError carries the other tasks' results", () =>
    expectExactly(error.results, { B: 'b' }),
  );
});

test('a task that throws a falsy value still fails the loop', () => {
  const outcomes: unknown[] = [];
  for (const thrown of [undefined, null, 0, '', false]) {
    const trace: string[] = [];
    const { tasks } = scripted<string>(
      trace,
      ['ok', 1, () => 'fine'],
      [
        'bad',
        1,
        () => {
          throw thrown;
        },
      ],
      // Fails a turn later with a real Error: it must not take the first failure's place.
      [
        'late',
        2,
        () => {
          throw new Error('late broke on its 3rd step');
        },
      ],
    );
    let caught: unknown = 'nothing was thrown';
    try {
      runEventLoop(tasks);
    } catch (error) {
      caught = error;
    }
    outcomes.push(
      isInstance(caught, TaskError)
        ? { thrown, taskName: caught.taskName, cause: caught.cause, results: caught.results }
        : { thrown, caught },
    );
  }
  because(
    "a task may throw anything, even undefined, null, 0, '' or false: whatever it throws, runEventLoop must throw a TaskError naming it with what it threw as the cause, even though another task throws an Error a turn later (remember that a task failed separately from what it threw)",
    () =>
      expect(outcomes).toEqual(
        [undefined, null, 0, '', false].map((thrown) => ({
          thrown,
          taskName: 'bad',
          cause: thrown,
          results: { ok: 'fine' },
        })),
      ),
  );
});

test('work whose duration is 0 returns on its first step without working', () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const task = work({
    name: 'quick',
    durationMs: 0,
    stepMs: 100,
    clock,
    result: () => 'at once',
    log: (line) => log.push(line),
  });
  const { done, value } = task.next();
  because(
    'no time to work: the first step finds the time is up, so it returns the result without logging "is working" or sleeping',
    () =>
      expect({ done, value, clockAt: clock.now(), log }).toEqual({
        done: true,
        value: 'at once',
        clockAt: 0,
        log: ['quick finished'],
      }),
  );
});

test('work notes the time at its first step, not when it is created', () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const task = work({
    name: 'late',
    durationMs: 200,
    stepMs: 100,
    clock,
    result: () => 'done',
    log: (line) => log.push(line),
  });
  clock.sleep(1000); // other work runs before this task's first step
  const steps: boolean[] = [];
  for (let call = 1; call <= 3; call++) steps.push(task.next().done ?? false);
  because(
    `the task was created at 0 but first stepped at 1000, so it works at 1000 and 1100 and returns on its 3rd step; done after each step was ${JSON.stringify(steps)}`,
    () =>
      expect({ steps, log }).toEqual({
        steps: [false, false, true],
        log: ['late is working', 'late is working', 'late finished'],
      }),
  );
});

test('work logs before it sleeps and computes its result before it logs "finished"', () => {
  const clock = new FakeClock();
  const events: string[] = [];
  const task = work({
    name: 'A',
    durationMs: 200,
    stepMs: 100,
    clock,
    result: () => {
      events.push(`result() at ${clock.now()}`);
      return 'a';
    },
    log: (line) => events.push(`${line} at ${clock.now()}`),
  });
  while (!task.next().done);
  because(
    'each working step logs "A is working" first, then sleeps 100 ms; the last step calls result() and then logs "A finished"',
    () =>
      expect(events).toEqual([
        'A is working at 0',
        'A is working at 100',
        'result() at 200',
        'A finished at 200',
      ]),
  );
});

test('work logs with console.log when the job gives no log', () => {
  const clock = new FakeClock();
  const lines: unknown[][] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args);
  });
  try {
    const task = work({ name: 'plain', durationMs: 100, stepMs: 100, clock, result: () => 1 });
    while (!task.next().done);
  } finally {
    spy.mockRestore();
  }
  because('without job.log, the lines go to console.log', () =>
    expect(lines).toEqual([['plain is working'], ['plain finished']]),
  );
});
