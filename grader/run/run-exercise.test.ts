import * as fs from 'fs';
import * as path from 'path';
import { fixtureExercise, solutionSource, solutionWith, subjectWith } from '../test/fixture-course';
import * as jestAttempt from './jest-attempt';
import type { StallCause } from './jest-attempt';
import { runExercise } from './run-exercise';

// The grader against every way student code goes wrong: each case must end with a clear verdict,
// within its limits, with the points the tests that did run have earned.
const exercise = fixtureExercise();
const grade = (source: string | undefined) =>
  runExercise(exercise, { label: 'fixture', root: subjectWith(source) });
const byName = (result: Awaited<ReturnType<typeof grade>>) =>
  Object.fromEntries(result.tests.map((test) => [test.name, test]));

test('the solution passes with full points', async () => {
  const result = await grade(solutionSource());
  expect(result.status).toBe('pass');
  expect(result.score).toBe(6);
  expect(result.tests.map((test) => test.status)).toEqual(['pass', 'pass', 'pass']);
});

test('a failing assertion shows the explanation, expected and received, and the hint', async () => {
  const result = await grade(solutionWith('add', '  return a - b;'));
  const failure = byName(result)['adds two numbers'];
  expect(result.status).toBe('fail');
  expect(result.score).toBe(5);
  expect(failure.status).toBe('fail');
  expect(failure.message).toContain('add(2, 3) should be their sum');
  expect(failure.message).toMatch(/Expected: 5\s+Received: -1/);
  expect(failure.message).not.toMatch(/^\s+at /m);
  expect(failure.hint).toBe('2 + 3 is 5.');
});

test('code that does not compile is reported in file:line terms and no test runs', async () => {
  const result = await grade(
    solutionWith('add', '  const total: number = "five";\n  return total;'),
  );
  expect(result.status).toBe('error');
  expect(result.compile.ok).toBe(false);
  expect(result.compile.diagnostics[0]).toMatchObject({
    file: 'ex90-fixture/calc.ts',
    line: 4,
    code: 'TS2322',
  });
  expect(result.tests.every((test) => test.status === 'skipped')).toBe(true);
  expect(result.score).toBe(0);
});

test('an error thrown at import fails every test with the error and its line', async () => {
  const result = await grade(`throw new Error('broken on purpose');\n${solutionSource()}`);
  expect(result.tests.every((test) => test.status === 'fail')).toBe(true);
  expect(result.tests[0].message).toContain('broken on purpose');
  expect(result.tests[0].location).toMatchObject({ file: 'ex90-fixture/calc.ts', line: 1 });
});

test('an infinite loop on the main thread is killed, and the other tests keep their points', async () => {
  // Not a hang: the watchdog killed it at its limit (the message says so) and the other tests ran.
  // How long that took is not asserted: on a loaded machine a jest start alone takes seconds.
  const result = await grade(solutionWith('countdown', '  while (true) {}'));
  const stuck = byName(result)['counts down to zero'];
  expect(stuck.status).toBe('timeout');
  expect(stuck.message).toMatch(/timed out after 2 s and had to be killed.*infinite loop/s);
  expect(result.score).toBe(3);
});

test('an answer that can never come ends the test as hung within seconds, with a deadlock verdict', async () => {
  const result = await grade(
    solutionWith('askWorker', '  return new Promise(() => undefined);').replace(
      'if (!isMainThread) parentPort!.postMessage(42);',
      'if (!isMainThread) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
    ),
  );
  const stuck = byName(result)['a worker started by the subject answers'];
  expect(stuck.status).toBe('timeout');
  // Nothing was pending that could settle the await: no need to wait out the 4 s limit.
  expect(stuck.message).toMatch(
    /^hung: stopped after [\d.]+ s instead of waiting out the 4 s limit/,
  );
  expect(stuck.message).toMatch(/deadlock.*a promise that never settles/s);
  expect(stuck.stuck?.verdict).toBe('deadlock');
  expect(stuck.duration_ms).toBeLessThan(4000);
  expect(result.score).toBe(4);
});

test('process.exit during a test fails that test only', async () => {
  const result = await grade(solutionWith('countdown', '  process.exit(3);'));
  const exited = byName(result)['counts down to zero'];
  expect(exited.status).toBe('fail');
  expect(exited.message).toMatch(/exit/);
  expect(result.score).toBe(3);
});

test('process.exit at import is explained and scores zero', async () => {
  const result = await grade(`process.exit(0);\n${solutionSource()}`);
  expect(result.score).toBe(0);
  expect(result.tests.every((test) => test.status === 'fail')).toBe(true);
  expect(result.tests[0].message).toMatch(/process\.exit\(\)/);
});

test('a missing file is "not submitted", with every test skipped', async () => {
  const result = await grade(undefined);
  expect(result.status).toBe('error');
  expect(result.message).toMatch(/not submitted: ex90-fixture\/calc\.ts not found/);
  expect(result.tests.every((test) => test.status === 'skipped')).toBe(true);
});

test('children the subject leaves running are killed with the run', async () => {
  const root = subjectWith(undefined);
  // Graded code may write only its private temporary folder: the pid comes back on stderr.
  const source = solutionWith(
    'add',
    `  const child = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  process.stderr.write('child pid ' + child.pid + '\\n');
  return a + b;`,
  );
  fs.writeFileSync(path.join(root, 'ex90-fixture', 'calc.ts'), source);
  const result = await runExercise(exercise, { label: 'fixture', root });
  expect(result.tests[0].status).toBe('pass');
  const pid = Number(/child pid (\d+)/.exec(result.output ?? '')?.[1]);
  expect(pid).toBeGreaterThan(0);
  expect(isAlive(pid)).toBe(false);
});

test('a flood of output is capped and does not change the verdict', async () => {
  const result = await grade(
    solutionWith(
      'add',
      "  for (let i = 0; i < 20000; i++) process.stdout.write('x'.repeat(500) + '\\n');\n  return a + b;",
    ),
  );
  expect(result.status).toBe('pass');
  expect((result.output ?? '').length).toBeLessThanOrEqual(4000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("a test still waiting at its limit stops at its own limit, not the exercise's longest", async () => {
  // A timer far in the future: something could still settle the await, so it is no hang.
  const result = await grade(
    solutionWith(
      'countdown',
      '  return new Promise<number[]>((resolve) => setTimeout(() => resolve([]), 60_000)) as unknown as number[];',
    ),
  );
  const stuck = byName(result)['counts down to zero'];
  expect(stuck.status).toBe('timeout');
  // The stack probe cannot look (the permission model refuses the inspector): the general cause.
  expect(stuck.message).toMatch(
    /timed out after 2 s: the test was still waiting.*deadlock.*a promise that never settles/s,
  );
  // The setup's own timer fired at 2 s; the exercise's default limit is 4 s.
  expect(stuck.duration_ms).toBeLessThan(3900);
  expect(result.score).toBe(3);
});

test('a module that forks itself at import is stopped after a few levels, not a fork bomb', async () => {
  const result = await grade(
    `import { fork } from 'child_process';\nfork(__filename, [], { stdio: 'ignore' });\n${solutionSource()}`,
  );
  // The chain ends at the course loader's depth limit; the tests themselves still run.
  expect(result.tests.map((test) => test.status)).toEqual(['pass', 'pass', 'pass']);
});

test('a loop at import costs the job one load limit, not one per test file', async () => {
  const result = await runExercise(
    exercise,
    { label: 'fixture', root: subjectWith(`while (true) {}\n${solutionSource()}`) },
    { loadLimitMs: 3000 },
  );
  const files = new Set(exercise.tests.map((test) => test.file));
  expect(files.size).toBeGreaterThan(1);
  expect(result.tests.every((test) => test.status === 'timeout')).toBe(true);
  const loading = /timed out after 3 s while loading: importing your code never finished/;
  // One test file waited out the limit; the others were not started for the same cause.
  const waited = result.tests.filter((test) => !test.message?.startsWith('not run: '));
  const skipped = result.tests.filter((test) => test.message?.startsWith('not run: '));
  expect(
    new Set(waited.map((test) => exercise.tests.find((t) => t.name === test.name)!.file)).size,
  ).toBe(1);
  expect(skipped.length).toBeGreaterThan(0);
  for (const test of result.tests) expect(test.message).toMatch(loading);
});

describe('loading is limited in CPU time and in wall time', () => {
  // Which limit stops a load says what the code was doing. The loop's wall limit is far beyond
  // its CPU limit, so that on a busy machine (a loop gets a fraction of a core) it still meets the
  // CPU limit first; a blocking wait burns none, so only the wall limit can stop it.
  const loadVerdicts = async (topLevel: string, loadLimitMs: number) => {
    const root = subjectWith(`${topLevel}\n${solutionSource()}`);
    const result = await runExercise(
      exercise,
      { label: 'fixture', root },
      { loadLimitMs, loadCpuMs: 1500 },
    );
    expect(result.tests.every((test) => test.status === 'timeout')).toBe(true);
    return new Set(result.tests.map((test) => test.message!.replace(/^not run: /, '')));
  };

  test('a loop at import is stopped by the processor time it burns', async () => {
    expect(await loadVerdicts('while (true) {}', 60_000)).toEqual(
      new Set([
        'timed out while loading, after 1.5 s of processor time: importing your code kept the processor busy and never finished. Is there a loop at the top level of your file?',
      ]),
    );
  });

  test('a blocking wait at import, which burns none, is stopped by the wall-time limit', async () => {
    expect(
      await loadVerdicts('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);', 4000),
    ).toEqual(
      new Set([
        'timed out after 4 s while loading: importing your code never finished. Is there a loop or a blocking wait at the top level of your file?',
      ]),
    );
  });
});

describe('a run that looks stuck is told once for each way (loading, waiting), and its verdicts do not change', () => {
  const watch = (afterMs: number) => {
    const causes: StallCause[] = [];
    return { causes, stall: { afterMs, notify: (cause: StallCause) => causes.push(cause) } };
  };
  const verdicts = (result: Awaited<ReturnType<typeof grade>>) =>
    result.tests.map(({ name, status, score, message }) => ({ name, status, score, message }));

  test('loading that never ends', async () => {
    const subject = { label: 'fixture', root: subjectWith(`while (true) {}\n${solutionSource()}`) };
    const { causes, stall } = watch(1500);
    const limits = { loadLimitMs: 4000 };
    const told = await runExercise(exercise, subject, { ...limits, stall });
    // Once: the other test files are not run for the same cause.
    expect(causes).toEqual([{ kind: 'loading' }]);
    expect(verdicts(told)).toEqual(verdicts(await runExercise(exercise, subject, limits)));
  });

  test('a test waiting without using the CPU (an answer a minute away), even after a slow start', async () => {
    // Not hung (a timer is pending), so it waits out its limit without using the CPU. Its file
    // starts slowly first (a blocking wait at import), as any file does on a busy machine: that
    // is told too, and does not hide the wait that follows.
    const source = solutionWith(
      'askWorker',
      '  return new Promise((resolve) => setTimeout(() => resolve(42), 60_000));',
    );
    const slowStart = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);\n';
    const subject = { label: 'fixture', root: subjectWith(slowStart + source) };
    const { causes, stall } = watch(1500);
    const told = await runExercise(exercise, subject, { stall });
    expect(causes).toContainEqual({ kind: 'loading' });
    expect(causes).toContainEqual({
      kind: 'waiting',
      test: 'a worker started by the subject answers',
    });
    // Once each per test process: the waiting test's process told both, no more.
    expect(causes.filter((cause) => cause.kind === 'waiting')).toHaveLength(1);
    expect(verdicts(told)).toEqual(verdicts(await runExercise(exercise, subject)));
  });

  test('a test keeping the CPU busy is not waiting, however long it runs', async () => {
    const subject = {
      label: 'fixture',
      root: subjectWith(solutionWith('countdown', '  while (true) {}')),
    };
    const { causes, stall } = watch(1500);
    const told = await runExercise(exercise, subject, { stall });
    expect(causes.filter((cause) => cause.kind === 'waiting')).toEqual([]);
    expect(byName(told)['counts down to zero'].status).toBe('timeout');
  });
});

test("a student's check (files started ahead or side by side) grades exactly as a batch does", async () => {
  // One lane starts the next file's process while a file runs and holds it until its turn; two
  // lanes run files side by side: the verdicts, points and messages must be the same as a batch's
  // one after another, for a pass, a failure and a loop at import alike.
  const subjects = [
    solutionSource(),
    solutionWith('add', '  return a - b;'),
    `while (true) {}\n${solutionSource()}`,
  ];
  for (const source of subjects) {
    const subject = { label: 'fixture', root: subjectWith(source) };
    const limits = { loadLimitMs: 3000 };
    const batch = await runExercise(exercise, subject, limits);
    const verdicts = (result: typeof batch) =>
      result.tests.map(({ name, status, score, message }) => ({ name, status, score, message }));
    for (const parallelFiles of [1, 2]) {
      const check = await runExercise(exercise, subject, {
        ...limits,
        overlap: true,
        parallelFiles,
      });
      expect({ status: check.status, score: check.score, tests: verdicts(check) }).toEqual({
        status: batch.status,
        score: batch.score,
        tests: verdicts(batch),
      });
    }
  }
});

test("a student's check runs its test files side by side, each in a process of its own", async () => {
  // Spans in the order things happened (not clock time): side by side means every file's run
  // began before any ended. A batch runs them one after another.
  const spans = (overlap: boolean) => {
    let step = 0;
    const seen: { file: string; began: number; ended?: number }[] = [];
    const real = jestAttempt.startJestAttempt;
    const spy = jest.spyOn(jestAttempt, 'startJestAttempt').mockImplementation((setup, held) => {
      const started = real(setup, held);
      return {
        ...started,
        go: async (limits) => {
          const span = { file: path.basename(path.dirname(setup.testFile)), began: step++ };
          seen.push(span);
          const attempt = await started.go(limits);
          return Object.assign(span, { ended: step++ }) && attempt;
        },
      };
    });
    const subject = { label: 'fixture', root: subjectWith(solutionSource()) };
    return runExercise(exercise, subject, { overlap, parallelFiles: overlap ? 2 : 1 })
      .then((result) => ({ result, seen }))
      .finally(() => spy.mockRestore());
  };
  const check = await spans(true);
  expect(check.result.score).toBe(check.result.max_score);
  expect(check.seen.map((span) => span.file).sort()).toEqual(['hidden', 'tests']);
  expect(check.seen.every((span) => span.began < 2)).toBe(true);
  const batch = await spans(false);
  expect(batch.seen.map(({ began, ended }) => [began, ended])).toEqual([
    [0, 1],
    [2, 3],
  ]);
});
