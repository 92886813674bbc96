import { summarize } from '../result/types';
import { schemaProblems } from '../schemas';
import { fixtureExercise, solutionSource, solutionWith, subjectWith } from '../test/fixture-course';
import { runExercise } from './run-exercise';

// What a test process writes (its channel, its stacks, its messages) and the code it hands the
// compiler are the student's: each attack here once cost the whole class its gradebook.
const exercise = fixtureExercise();
const grade = (source: string, options: Parameters<typeof runExercise>[2] = {}) =>
  runExercise(exercise, { label: 'fixture', root: subjectWith(source) }, options);
const byName = (result: Awaited<ReturnType<typeof grade>>) =>
  Object.fromEntries(result.tests.map((test) => [test.name, test]));
const valid = (result: Awaited<ReturnType<typeof grade>>) =>
  schemaProblems('result', summarize('fixture', [result]), 'result.json');
/**
 * The solution, and an afterAll that writes a failed result for "adds two numbers" on the results
 * channel as the reporter would: after the tests, so that it is the last word on the test.
 */
const withForgedFailure = (fields: { durationMs: number; failureMessages: string[] }) => {
  const event = {
    type: 'result',
    file: 'calc.test.ts',
    name: 'adds two numbers',
    status: 'failed',
  };
  const line = JSON.stringify({ k: 'jest', event: { ...event, ...fields } }) + '\n';
  return `${solutionSource()}\n(globalThis as any).afterAll(() => require('fs').writeSync(3, ${JSON.stringify(line)}));\n`;
};

test('a stack that says line 0, column 0 is no location, and the result stays valid', async () => {
  const result = await grade(
    solutionWith(
      'add',
      "  const error = new Error('zero');\n  error.stack = `Error: zero\\n    at add (${__filename}:0:0)`;\n  throw error;",
    ),
  );
  const failed = result.tests.find((test) => test.name === 'adds two numbers')!;
  expect(failed.status).toBe('fail');
  expect(failed.location).toBeUndefined();
  expect(valid(result)).toEqual([]);
});

test('a reporter line with a negative duration is clamped, never a schema error', async () => {
  const result = await grade(withForgedFailure({ durationMs: -1, failureMessages: ['forged'] }));
  expect(byName(result)['adds two numbers'].status).toBe('fail');
  expect(result.tests.every((test) => (test.duration_ms ?? 0) >= 0)).toBe(true);
  expect(valid(result)).toEqual([]);
});

test("a test's forged failure messages are held to 64 KiB together", async () => {
  // Four messages of 60,000 characters: within the channel's line limit, each under the
  // per-message cap, together almost four times it.
  const failureMessages = [1, 2, 3, 4].map((n) => `${n}${'y'.repeat(60_000)}`);
  const result = await grade(withForgedFailure({ durationMs: 1, failureMessages }));
  const message = byName(result)['adds two numbers'].message!;
  expect(message.length).toBeLessThan(64 * 1024 + 200);
  expect(message).toMatch(/more characters not kept/);
});

test("an expression too deep for the compiler is this job's verdict, not a crash", async () => {
  const deep = `export const deep = (0 as number)${' + 1'.repeat(3000)};\n`;
  const result = await grade(`${solutionSource()}\n${deep}`);
  expect(result.status).toBe('error');
  expect(result.message).toMatch(
    /does not compile: the TypeScript compiler ran out of stack on ex90-fixture\/calc.ts/,
  );
  expect(result.tests.every((test) => test.status === 'skipped')).toBe(true);
  expect(valid(result)).toEqual([]);
});

test('a process that does not exit after jest reports done is killed at once, verdicts kept', async () => {
  // The host's exits made no-ops and a timer kept alive: only the watchdog can end the process.
  // The test environment's process is a copy: the host's is reached through a host function.
  const immortal = [
    "const host = require('fs').readFileSync.constructor('return process')();",
    'host.exit = () => undefined;',
    'host.reallyExit = () => undefined;',
    'host.abort = () => undefined;',
    "require('fs').readFileSync.constructor('setInterval(() => undefined, 1000)')();",
  ].join('\n');
  // A load limit far above the run, so that only the kill after "done" can end it in time.
  const result = await grade(`${solutionSource()}\n${immortal}\n`, { loadLimitMs: 60_000 });
  expect(result.status).toBe('pass');
  expect(result.duration_ms).toBeLessThan(30_000);
});

test('a done written mid-test is no end: the test is not run again in a fresh process', async () => {
  // A bug that leaks between calls: askWorker is right only as the first test of a process. At
  // the bug it wrote jest's "done" and never settled; believed, the process was killed with the
  // test undecided, and it passed when run again alone (an ex06 copy so: 43/45, 21/45 honestly).
  const leaky = solutionWith('add', '  leaked = true;\n  return a + b;').replace(
    'export function askWorker(): Promise<number> {',
    [
      'let leaked = false;',
      'export function askWorker(): Promise<number> {',
      '  if (leaked) {',
      `    require('fs').writeSync(3, ${JSON.stringify(JSON.stringify({ k: 'jest', event: { type: 'done' } }) + '\n')});`,
      '    return new Promise(() => undefined);',
      '  }',
    ].join('\n'),
  );
  const result = await grade(leaky);
  expect(byName(result)['adds two numbers'].status).toBe('pass');
  expect(byName(result)['a worker started by the subject answers'].status).not.toBe('pass');
  expect(result.score).toBe(4);
});

test('a start written for a later test does not take the blame for the test that ran', async () => {
  // Written at import, before jest's start of "adds two numbers", it was the earliest test open, so
  // the watchdog stopped the run as that test over its limit while add looped; add was left
  // undecided and run again in a fresh process, alone, where it did not loop and passed.
  const start = {
    type: 'start',
    file: 'calc.test.ts',
    name: 'a worker started by the subject answers',
  };
  const line = JSON.stringify({ k: 'jest', event: start }) + '\n';
  const firstRun = "JSON.parse(process.env.GRADER_TESTS ?? '[]').length > 1";
  const source = [
    solutionWith('add', `  if (${firstRun}) for (;;);\n  return a + b;`),
    `if (${firstRun}) require('fs').writeSync(3, ${JSON.stringify(line)});`,
    '',
  ].join('\n');
  const result = await grade(source);
  expect(byName(result)['adds two numbers'].status).toBe('timeout');
}, 120_000);

test("a flood of well-formed reporter lines costs the grader no more than the reader's budget", async () => {
  const line = JSON.stringify({
    k: 'jest',
    event: {
      type: 'result',
      file: 'calc.test.ts',
      name: 'not a planned test',
      status: 'failed',
      durationMs: 1,
      failureMessages: ['x'.repeat(200_000)],
    },
  });
  const flood = `{ const line = ${JSON.stringify(line + '\n')}.repeat(20); const end = Date.now() + 3000; while (Date.now() < end) require('fs').writeSync(3, line); }`;
  let peak = 0;
  const before = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const result = await grade(`${solutionSource()}\n${flood}\n`);
  clearInterval(sampler);
  expect(result.status).toBe('error');
  expect(result.tampering?.join('\n')).toMatch(/lines past the 16 MiB an attempt may send/);
  expect((peak - before) / (1024 * 1024)).toBeLessThan(300);
  // The run is stopped once past the budget: the flood's 3 s per test file are not waited out.
  expect(result.duration_ms).toBeLessThan(15_000);
});

test('a flood of empty lines is a flood too: the run is stopped, as tampering', async () => {
  // Free, 5 s of newlines in each test file cost the grader 4.5 s of CPU for a 6/6 pass.
  const flood = `{ const lines = '\\n'.repeat(1 << 16); const end = Date.now() + 3000; while (Date.now() < end) require('fs').writeSync(3, lines); }`;
  const result = await grade(`${solutionSource()}\n${flood}\n`);
  expect(result.status).toBe('error');
  expect(result.tampering?.join('\n')).toMatch(/lines past the 16 MiB an attempt may send/);
});

test("a hello written at import comes after the vault's: the grader keeps the vault's tokens", async () => {
  // Tokens of the student's own for every planned test. Believed, they would have let the module
  // pass every test it likes and end the process before the vault's hello came.
  const hello = [
    "const ids = JSON.parse(process.env.GRADER_TESTS ?? '[]').map((test: { id: string }) => test.id);",
    "const tokens = Object.fromEntries(ids.map((id: string) => [id, 'f'.repeat(32)]));",
    "require('fs').writeSync(3, JSON.stringify({ k: 'hello', tokens }) + '\\n');",
  ].join('\n');
  const result = await grade(`${solutionSource()}\n${hello}\n`);
  expect(result.tampering).toEqual(['a second hello: something else claims to be the test setup']);
});
