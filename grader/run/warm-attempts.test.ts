import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { graderRoot } from '../paths';
import { fixtureExercise, solutionSource, solutionWith, subjectWith } from '../test/fixture-course';
import { processesWhere } from '../test/hostile-harness';
import { temporaryFolder } from '../test/scratch';
import { runExercise } from './run-exercise';
import { WarmAttempts } from './warm-attempts';

// A watch keeps one test process per test file started ahead. What must hold: it grades the code
// as saved when the check runs (never as it was when the process started), and it never outlives
// the grader that started it.
const exercise = fixtureExercise();
const testFiles = new Set(exercise.tests.map((test) => test.file)).size;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a process started ahead runs the code saved after it started', async () => {
  const root = subjectWith(solutionWith('add', '  return a - b;'));
  const warm = new WarmAttempts();
  try {
    const before = await runExercise(exercise, { label: 'fixture', root }, { warm });
    expect(before.tests.find((test) => test.name === 'adds two numbers')?.status).toBe('fail');
    expect(warm.used).toBe(0);
    warm.refill();
    // Long enough for node, jest and the setup to load: a process that loaded the student's code
    // now as well would run the wrong version below.
    await sleep(3000);
    fs.writeFileSync(path.join(root, 'ex90-fixture', 'calc.ts'), solutionSource());
    const after = await runExercise(exercise, { label: 'fixture', root }, { warm });
    expect(warm.used).toBe(testFiles);
    expect(after.status).toBe('pass');
    expect(after.score).toBe(6);
  } finally {
    warm.close();
  }
});

test('processes started ahead end when the grader that started them is killed', async () => {
  const root = subjectWith(solutionSource());
  // A grader that starts its processes ahead and is then killed without a chance to clean up.
  const script = `
    const { fixtureExercise } = require('./grader/test/fixture-course');
    const { WarmAttempts } = require('./grader/run/warm-attempts');
    const { planTests } = require('./grader/jest/channel');
    const exercise = fixtureExercise();
    const warm = new WarmAttempts();
    for (const file of new Set(exercise.tests.map((test) => test.file))) {
      const tests = exercise.tests.filter((test) => test.file === file);
      warm.take({
        testFile: file,
        tests: planTests(tests),
        subjectRoot: ${JSON.stringify(root)},
        exerciseDir: exercise.dir,
        sandbox: { kind: 'none', reason: 'test' },
      });
    }
    warm.refill();
    setInterval(() => undefined, 1000);`;
  const grader = spawn(
    process.execPath,
    ['--require', path.join(graderRoot, 'grader', 'runtime', 'register.js'), '-e', script],
    // Killed, it cannot remove its folder of held processes: that folder goes with the test's.
    {
      cwd: graderRoot,
      stdio: 'ignore',
      env: { ...process.env, TMPDIR: temporaryFolder('grader-killed-') },
    },
  );
  try {
    await waitFor(() => heldFor(root).length === testFiles, 60_000);
    grader.kill('SIGKILL');
    // The channel's far end closed: each held process reads its end and exits.
    await waitFor(() => heldFor(root).length === 0, 30_000);
  } finally {
    grader.kill('SIGKILL');
    for (const pid of heldFor(root)) process.kill(pid, 'SIGKILL');
  }
}, 120_000);

/** Test processes waiting for the go of a grader, found by the subject they were started for. */
const heldFor = (subjectRoot: string): number[] =>
  processesWhere(
    (_, environ) =>
      environ.includes('GRADER_HOLD=1') && environ.includes(`GRADER_SUBJECT_ROOT=${subjectRoot}`),
  ).map((each) => each.pid);

async function waitFor(condition: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not so after ${limitMs} ms`);
    await sleep(100);
  }
}
