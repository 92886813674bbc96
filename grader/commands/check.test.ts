import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { fixtureRoot, solutionSource, solutionWith, subjectWith } from '../test/fixture-course';
import { schemaProblems } from '../schemas';
import { check } from './check';
import { lastResultPath, placeOf } from './progress-store';
import { list } from './list';
import type { Io } from '../io';

// A real flaky subject on the fixture course: `add` asks a counter kept by this test (graded code
// may write only its own temporary folder, gone with its run) how many calls came before, and
// answers wrong on every even-numbered call, so the visible test "adds two numbers" passes on runs
// 1, 3, 5 and fails on runs 2, 4. Deterministic, yet exactly what a race looks like to a student.
function recorder(): Io & { text: () => string } {
  let text = '';
  return {
    out: (chunk) => (text += chunk),
    err: (chunk) => (text += chunk),
    color: false,
    text: () => {
      const all = text;
      text = '';
      return all;
    },
  };
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-check-test-'));
let calls = 0;
const counter = net.createServer((socket) => socket.end(String(++calls)));
beforeAll(() => new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise((resolve) => counter.close(resolve)));
const flakySource = () => {
  const port = (counter.address() as net.AddressInfo).port;
  const ask = `require('net').connect(${port}, '127.0.0.1').on('data', (d) => process.stdout.write(d))`;
  return solutionWith(
    'add',
    [
      `  const calls = Number(require('child_process').execFileSync(process.execPath, ['-e', ${JSON.stringify(ask)}], { encoding: 'utf8' }));`,
      `  return calls % 2 === 0 ? a - b : a + b;`,
    ].join('\n'),
  );
};
const place = { course: fixtureRoot, stateDir: path.join(scratch, 'state') };

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('a lucky pass is not the last word: --repeat finds the failing runs and status keeps the exercise not done until the code passes every time', async () => {
  const subject = subjectWith(flakySource());
  const io = recorder();

  // No exercise named: the first one not done. Run 1 passes, and is not congratulated.
  expect(await check({ ...place, subject }, io)).toBe(0);
  let out = io.text();
  expect(out).toContain('No exercise named: ex90 is the first one not done yet.');
  expect(out).toContain('All tests passed, in 1 run.');
  expect(out).toContain('Concurrency bugs can hide');
  expect(out).toContain('npm run check -- ex90 --repeat 5');
  expect(out).toContain('ex90 is done, and so is every exercise');
  expect(out).not.toContain('Well done');

  // --repeat 3: call 2 fails, and a failure is final, so that test is not run again; the others
  // run all three times.
  expect(await check({ ...place, subject, exercise: 'ex90', repeat: 3 }, io)).toBe(1);
  out = io.text();
  expect(out).toContain("Checking ex90 (A fixture for the grader's own tests), up to 3 runs...");
  expect(out).toMatch(
    /run 1 of up to 3: 1 of 3 tests run did not pass\n.*run 2 of up to 3: all 2 tests run passed\n.*run 3 of up to 3: all 2 tests run passed/s,
  );
  // Failed in its only run: no "failed in 1 of 1 runs". A slow test shows its time: "(1.2 s)".
  expect(out).toMatch(/FAIL {2}adds two numbers\s+0\/1( {2}\(\d+\.\d s\))?\n/);
  expect(out).toMatch(/Expected: 5\s+Received: -1/);
  expect(out).toMatch(
    /PASS {2}a worker started by the subject answers\s+2\/2( {2}\(\d+\.\d s\))?\n/,
  );
  const kept = JSON.parse(fs.readFileSync(lastResultPath('ex90', place), 'utf8'));
  expect(schemaProblems('result', kept, 'kept')).toEqual([]);
  expect(kept.exercises[0]).toMatchObject({ status: 'fail', runs: 4, failed_runs: 1 });
  expect(kept.exercises[0].tests).toContainEqual(
    expect.objectContaining({ name: 'adds two numbers', runs: 2, failed_runs: 1 }),
  );

  // Call 3 passes again, but this same code has failed before: still not done.
  expect(await check({ ...place, subject, exercise: 'ex90' }, io)).toBe(0);
  out = io.text();
  expect(out).toContain('All tests passed, in 1 run.');
  expect(out).toContain(
    'Not done yet: this same code failed in 1 of 5 runs so far ("adds two numbers")',
  );
  list(io, place);
  out = io.text();
  expect(out).toMatch(
    /ex90 +A fixture for the grader's own tests +in progress \(failed 1 of 5 runs\) +5\/6\n/,
  );
  expect(out).toContain('0 of 1 exercises done. Next: ex90');

  // Fixed code starts afresh, and one clean run makes it done.
  const fixed = subjectWith(solutionSource());
  expect(await check({ ...place, subject: fixed, exercise: 'ex90' }, io)).toBe(0);
  expect(io.text()).toContain('ex90 is done, and so is every exercise');
  list(io, place);
  out = io.text();
  expect(out).toMatch(/ex90 +A fixture for the grader's own tests +done +6\/6\n/);
  expect(out).toContain('1 of 1 exercises done. Every exercise is done.');
  expect(await check({ ...place, subject: fixed }, io)).toBe(0);
  expect(io.text()).toContain('Every exercise is done: each one passed its last check.');
});

test('code that does not compile is not repeated: every run would fail the same way', async () => {
  const subject = subjectWith(
    solutionWith('add', '  const total: number = "five";\n  return total;'),
  );
  const io = recorder();
  expect(await check({ ...place, subject, exercise: 'ex90', repeat: 4 }, io)).toBe(1);
  const out = io.text();
  expect(out).toContain('Your code does not compile, so no test ran.');
  expect(out).not.toContain('run 1 of');
});

test('a test that passes one run and fails the next fails, and says it failed in 1 of 2 runs', async () => {
  const subject = subjectWith(flakySource() + '\n// a copy of its own\n');
  const io = recorder();
  calls = 0;
  expect(await check({ ...place, subject, exercise: 'ex90', repeat: 3 }, io)).toBe(1);
  const out = io.text();
  expect(out).toMatch(
    /run 1 of up to 3: all 3 tests run passed\n.*run 2 of up to 3: 1 of 3 tests run did not pass\n.*run 3 of up to 3: all 2 tests run passed/s,
  );
  expect(out).toMatch(
    /FAIL {2}adds two numbers\s+0\/1 {2}\(failed in 1 of 2 runs(, \d+\.\d s)?\)\n/,
  );
  expect(out).toContain('Not every run passed: 1 of 3 runs failed.');
});

test('--repeat must be a whole number of runs from 1 to 100', async () => {
  const io = recorder();
  for (const repeat of [0, 2.5, 101, Number.NaN])
    await expect(check({ ...place, exercise: 'ex90', repeat }, io)).rejects.toThrow(
      /--repeat takes a whole number of runs from 1 to 100/,
    );
});

test("a check of another folder keeps its record apart from the student's progress", () => {
  const course = path.join(scratch, 'course');
  const own = path.join(course, 'exercises');
  const other = path.join(scratch, 'a-submission');
  const otherPlace = placeOf({ course, subject: other }, other);
  // Its own record, under the course's state, named after the folder: stable, and one per folder.
  expect(otherPlace.stateDir).toMatch(
    new RegExp(`^${path.join(course, '.grader', 'subjects')}/[0-9a-f]{16}$`),
  );
  expect(placeOf({ course, subject: other }, other)).toEqual(otherPlace);
  expect(lastResultPath('ex04', otherPlace)).not.toBe(lastResultPath('ex04', { course }));
  // The student's own exercises, named or not, and a state folder given outright stay as asked.
  expect(placeOf({ course }, own)).toEqual({ course });
  expect(placeOf({ course, subject: own }, own)).toEqual({ course, subject: own });
  const given = { course, subject: other, stateDir: path.join(scratch, 'state') };
  expect(placeOf(given, other)).toBe(given);
});
