import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TestSpec } from '../course/types';
import { planTests } from '../jest/channel';
import { MAX_HANDED_ON } from '../jest/dead-state';
import { graderRoot } from '../paths';
import { startJestAttempt } from './jest-attempt';
import { LIMITS } from './limits';
import { prewarm } from './prewarm';
import { DeadStates, runTests } from './run-tests';

// A job whose tests wait on the same dead state pays the hang watch's full confirmation once, not
// once per test process: the dead states a test process was proven hung in go with the job's later
// test processes (run-tests.ts, jest/dead-state.ts). Here two test files, each in a process of its
// own, hang the same way: the second file's test is ended after the short look. The verdict says
// which look it was; no time is asserted.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-dead-states-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const AGAIN = 'It came to the same dead state as an earlier test';
const LIMIT_MS = 20_000;

const exerciseDir = path.join(root, 'exercise');
const subjectRoot = path.join(root, 'subject');
const testsDir = path.join(exerciseDir, 'tests');
fs.mkdirSync(testsDir, { recursive: true });
fs.mkdirSync(subjectRoot, { recursive: true });

/** One test file with one test that awaits a promise nothing will ever settle. */
function hungFile(name: string): TestSpec {
  const file = path.join(testsDir, `${name}.test.ts`);
  const title = `${name}: a promise that never settles`;
  fs.writeFileSync(
    file,
    `test(${JSON.stringify(title)}, async () => {\n  await new Promise(() => undefined);\n});\n`,
  );
  return { name: title, points: 1, visibility: 'visible', timeoutMs: LIMIT_MS, runs: 1, file };
}

const context = (deadStates: DeadStates) => ({
  exerciseDir,
  loadLimitMs: 60_000,
  loadCpuMs: LIMITS.loadCpuMs,
  sandbox: { kind: 'none', reason: 'the hand-on is what matters here' } as const,
  deadStates,
});

test('a later test process of the job starts with the dead states the earlier ones were hung in', async () => {
  const tests = [hungFile('first'), hungFile('second')];
  prewarm(tests.map((test) => test.file!));
  const dead: DeadStates = {};
  const run = await runTests(tests, { subjectRoot, graderRoot, studentFiles: [] }, context(dead));
  const [first, second] = tests.map((test) => run.results.get(test.name)!);
  for (const result of [first, second]) {
    expect(result.status).toBe('timeout');
    expect(result.message).toMatch(/^hung: /);
  }
  // The first process had no dead state to go on: the full confirmation.
  expect(first.message).not.toContain(AGAIN);
  // The second, in a process of its own, came to the one the first was proven hung in.
  expect(second.message).toContain(AGAIN);
  // No worker was left: the dead state with no places, which the job's next run starts with.
  expect(dead.keys).toEqual(new Set());
}, 120_000);

test('a test process started ahead gets the dead states with its go', async () => {
  const test = hungFile('held');
  prewarm([test.file!]);
  const setup = {
    testFile: test.file!,
    tests: planTests([test]),
    subjectRoot,
    exerciseDir,
    workDir: root,
    sandbox: context({}).sandbox,
  };
  const attempt = await startJestAttempt(setup, true).go({
    loadLimitMs: 60_000,
    loadCpuMs: LIMITS.loadCpuMs,
    deadStates: [],
  });
  // Its only test, and so its first hang, came to a dead state the job had proven already.
  expect(attempt.overruns.get(test.name)).toMatchObject({ why: 'hung', again: true, keys: [] });
}, 120_000);

test('dead states written by graded code are handed on only up to a bound, and the next process starts', async () => {
  // An `over` line carries no token: code under test can write one for each planned test, with
  // as many keys as a line may carry. Handed on whole, six tests' worth passed Linux's 128 KiB limit
  // on one environment variable: the next test process could not start (E2BIG), nor the job.
  const file = path.join(testsDir, 'forger.test.ts');
  const titles = [1, 2, 3, 4, 5, 6].map((n) => `forger ${n}`);
  fs.writeFileSync(
    file,
    [
      "const ids = JSON.parse(process.env.GRADER_TESTS ?? '[]').map((test: { id: string }) => test.id);",
      'let n = 0;',
      'for (const id of ids) {',
      '  const keys = Array.from({ length: 1025 }, () => `waiting at ${-1000000000 - n++}`);',
      "  const line = { k: 'over', id, why: 'hung', afterMs: 0, threads: [], keys };",
      "  require('fs').writeSync(3, JSON.stringify(line) + '\\n');",
      '}',
      ...titles.map((title) => `test(${JSON.stringify(title)}, async () => undefined);`),
      '',
    ].join('\n'),
  );
  const forged = titles.map((name): TestSpec => ({
    name,
    points: 1,
    visibility: 'visible',
    timeoutMs: LIMIT_MS,
    runs: 1,
    file,
  }));
  const later = path.join(testsDir, 'later.test.ts');
  fs.writeFileSync(later, "test('later: passes', async () => undefined);\n");
  const next: TestSpec = { ...forged[0], name: 'later: passes', file: later };
  prewarm([file, later]);
  const dead: DeadStates = {};
  const run = await runTests(
    [...forged, next],
    { subjectRoot, graderRoot, studentFiles: [] },
    context(dead),
  );
  expect(run.results.get(next.name)!.status).toBe('pass');
  expect(dead.keys!.size).toBe(MAX_HANDED_ON);
}, 120_000);
