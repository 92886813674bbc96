import * as path from 'path';
import { fixtureExercise, solutionSource, solutionWith, subjectWith } from '../test/fixture-course';
import * as jestAttempt from './jest-attempt';
import { runExercise } from './run-exercise';

// The fixture has two test files: tests/ (two visible tests) and hidden/ (one hidden test).
const twice = (() => {
  const exercise = fixtureExercise();
  return { ...exercise, tests: exercise.tests.map((test) => ({ ...test, runs: 2 })) };
})();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each test process's run as `<file> <its nth process> began|ended`, in the order it happened. */
function followAttempts(hold?: (file: string, nth: number) => Promise<unknown> | undefined) {
  const seen: string[] = [];
  const count = new Map<string, number>();
  const real = jestAttempt.startJestAttempt;
  // Started when it goes, so that a run held back has not already run its tests meanwhile.
  const spy = jest.spyOn(jestAttempt, 'startJestAttempt').mockImplementation((setup, held) => {
    const file = path.basename(path.dirname(setup.testFile));
    const nth = count.get(file) ?? 0;
    count.set(file, nth + 1);
    let started: jestAttempt.StartedAttempt | undefined;
    return {
      ended: () => started?.ended() ?? false,
      discard: () => started?.discard(),
      go: async (limits) => {
        seen.push(`${file} ${nth} began`);
        await hold?.(file, nth);
        started = real(setup, held);
        const attempt = await started.go(limits);
        seen.push(`${file} ${nth} ended`);
        return attempt;
      },
    };
  });
  return { seen, restore: () => spy.mockRestore() };
}

const verdicts = (result: Awaited<ReturnType<typeof runExercise>>) => ({
  status: result.status,
  score: result.score,
  runs: result.runs,
  failed_runs: result.failed_runs,
  tests: result.tests.map(({ name, status, score, runs, failed_runs }) => ({
    name,
    status,
    score,
    runs,
    failed_runs,
  })),
});

test('on two lanes a file starts its second run while the other file is still in its first', async () => {
  const subject = { label: 'fixture', root: subjectWith(solutionSource()) };
  let secondRunBegan = () => undefined as void;
  const began = new Promise<void>((resolve) => (secondRunBegan = resolve));
  // The hidden file's first run is held until the other file's second run has begun: at most
  // 20 s, which a lane waiting for the whole first run to end would wait out.
  const { seen, restore } = followAttempts((file, nth) => {
    if (file === 'tests' && nth === 1) secondRunBegan();
    return file === 'hidden' && nth === 0 ? Promise.race([began, sleep(20_000)]) : undefined;
  });
  try {
    const result = await runExercise(twice, subject, { overlap: true, parallelFiles: 2 });
    expect(seen.indexOf('tests 1 began')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('tests 1 began')).toBeLessThan(seen.indexOf('hidden 0 ended'));
    expect(verdicts(result)).toMatchObject({ status: 'pass', score: 6, runs: 2, failed_runs: 0 });
  } finally {
    restore();
  }
});

test('files run on ahead give the verdicts, runs and failed runs of run after run', async () => {
  // A failing visible test (not run again), a passing one (run twice), and the hidden test.
  const subject = { label: 'fixture', root: subjectWith(solutionWith('add', '  return a - b;')) };
  const oneLane = await runExercise(twice, subject);
  const { seen, restore } = followAttempts();
  try {
    const twoLanes = await runExercise(twice, subject, { overlap: true, parallelFiles: 2 });
    expect(verdicts(twoLanes)).toEqual(verdicts(oneLane));
    expect(verdicts(oneLane).tests.map((test) => [test.status, test.runs])).toEqual([
      ['fail', 1],
      ['pass', 2],
      ['pass', 2],
    ]);
    expect(seen.filter((step) => step.endsWith('began')).sort()).toEqual([
      'hidden 0 began',
      'hidden 1 began',
      'tests 0 began',
      'tests 1 began',
    ]);
  } finally {
    restore();
  }
});
