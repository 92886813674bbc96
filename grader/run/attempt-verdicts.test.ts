import * as fs from 'fs';
import * as path from 'path';
import { graderRoot } from '../paths';
import { fixtureExercise, subjectWith } from '../test/fixture-course';
import { ATTEMPTS_DIR, RecordedAttempt } from '../test/record-attempts';
import { attemptVerdicts } from './attempt-verdicts';
import type { JestEvent } from '../jest/channel';
import type { Attempt } from './jest-attempt';
import type { Roots } from './test-results';

// Golden tests: real attempts of the fixture course, one per way a run ends (all passing, a failed
// assertion, a throw at import, a loop on the main thread, process.exit in a test, a loop at
// import), recorded by grader/test/record-attempts.ts with the verdicts they were given then. The
// step from an attempt to verdicts is a pure function: the same attempt gives the same verdicts.

const exercise = fixtureExercise();
/** A recording, in a subject folder of its own holding the recorded source. */
function load(name: string): { recorded: RecordedAttempt; roots: Roots } {
  const file = path.join(ATTEMPTS_DIR, name);
  const { source } = JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedAttempt;
  const subjectRoot = subjectWith(source);
  const recorded = JSON.parse(
    fs
      .readFileSync(file, 'utf8')
      .split('<subject>')
      .join(subjectRoot)
      .split('<grader>')
      .join(graderRoot),
  ) as RecordedAttempt;
  const studentFiles = exercise.files.map((each) => path.join(subjectRoot, exercise.folder, each));
  return { recorded, roots: { subjectRoot, graderRoot, studentFiles } };
}
const asAttempt = (recorded: RecordedAttempt): Attempt => ({
  ...recorded.attempt,
  passed: new Set(recorded.attempt.passed),
  stuck: new Map(recorded.attempt.stuck) as Attempt['stuck'],
  overruns: new Map(recorded.attempt.overruns) as Attempt['overruns'],
});
const pendingOf = (recorded: RecordedAttempt) =>
  recorded.pending.map((name) => exercise.tests.find((test) => test.name === name)!);

const recordings = fs.readdirSync(ATTEMPTS_DIR).filter((name) => name.endsWith('.json'));

test('every way a run ends has a recording', () => {
  expect(recordings.map((name) => asAttempt(load(name).recorded).stop.kind).sort()).toEqual([
    'crashed',
    'finished',
    'finished',
    'finished',
    'finished',
    'finished',
    'load-timeout',
    'test-timeout',
  ]);
});

test('a test the setup ended is a timeout by its word, hung or at its limit, whatever jest wrote', () => {
  const { recorded, roots } = load('hangs.json');
  const attempt = asAttempt(recorded);
  const name = 'a worker started by the subject answers';
  // jest's text is anything the student's process printed: it is never read for the cause.
  const events = attempt.events.map((event) =>
    event.type === 'result' && event.name === name
      ? { ...event, failureMessages: ['Exceeded timeout of 99999 ms'] }
      : event,
  );
  const hung = attemptVerdicts({ ...attempt, events }, pendingOf(recorded), roots).decided.get(
    name,
  );
  expect(hung).toMatchObject({ status: 'timeout', stuck: { verdict: 'deadlock' } });
  expect(hung?.message).toMatch(/^hung: stopped after 1\.1 s instead of waiting out the 4 s limit/);
  // Without the setup's word, a failed test is a failure, whatever its text says.
  const plain = attemptVerdicts(
    { ...attempt, events, overruns: new Map() },
    pendingOf(recorded),
    roots,
  ).decided.get(name);
  expect(plain).toMatchObject({ status: 'fail', message: 'Exceeded timeout of 99999 ms' });
});

test('the setup ending a test can only fail it: a test that passed with its token stays passed', () => {
  const { recorded, roots } = load('all-pass.json');
  const attempt = asAttempt(recorded);
  const overruns = new Map(
    recorded.pending.map((name) => [name, { why: 'time-limit' as const, limitMs: 1 }]),
  );
  const verdicts = attemptVerdicts({ ...attempt, overruns }, pendingOf(recorded), roots);
  expect([...verdicts.decided.values()].map((result) => result.status)).toEqual(['pass', 'pass']);
});

test.each(recordings)('%s: the recorded verdicts', (name) => {
  const { recorded, roots } = load(name);
  const verdicts = attemptVerdicts(asAttempt(recorded), pendingOf(recorded), roots);
  expect({ decided: [...verdicts.decided], tampering: verdicts.tampering }).toEqual(
    recorded.expected,
  );
});

test('a pass jest reports that the test never confirmed is tampering, never a pass', () => {
  const { recorded, roots } = load('all-pass.json');
  const attempt = { ...asAttempt(recorded), passed: new Set<string>() };
  const verdicts = attemptVerdicts(attempt, pendingOf(recorded), roots);
  expect([...verdicts.decided.values()].map((result) => result.status)).toEqual(['fail', 'fail']);
  expect(verdicts.tampering).toEqual(
    recorded.pending.map(
      (name) => `jest reported "${name}" as passed, but the test itself never confirmed it`,
    ),
  );
});

test('only the pending tests are decided: a test decided by an earlier run is left alone', () => {
  const { recorded, roots } = load('assertion-fails.json');
  const [first, ...rest] = pendingOf(recorded);
  const verdicts = attemptVerdicts(asAttempt(recorded), rest, roots);
  expect([...verdicts.decided.keys()]).toEqual(rest.map((test) => test.name));
  expect(verdicts.decided.has(first.name)).toBe(false);
});

test("a second verdict for a test is graded code's: it can fail the test, never turn jest's failure into a pass", () => {
  const { recorded, roots } = load('assertion-fails.json');
  const attempt = asAttempt(recorded);
  const failed = attempt.events.find(
    (event) => event.type === 'result' && event.status === 'failed',
  ) as Extract<JestEvent, { type: 'result' }>;
  // The test's own function completed (its token came back) and jest failed it after, as it does
  // for an error thrown outside the function while the test's hooks run.
  const passed = new Set([...attempt.passed, failed.name]);
  const forged: JestEvent = { ...failed, status: 'passed', failureMessages: [] };
  for (const events of [
    [...attempt.events, forged],
    [forged, ...attempt.events],
  ]) {
    const verdicts = attemptVerdicts({ ...attempt, passed, events }, pendingOf(recorded), roots);
    expect(verdicts.decided.get(failed.name)?.status).toBe('fail');
  }
});
