/**
 * @runAlone grades whole classes, shards and reruns, on both cores
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { grade } from '../commands/grade';
import { EXIT, type Io } from '../io';
import { merge } from '../commands/merge';
import type { ResultDocument } from '../result/types';
import { schemaProblems } from '../schemas';
import { batchCourse, buildClass, expectedPoints } from '../test/batch-class';
import { startCli } from '../test/cli';
import { processesUsing, until } from '../test/hostile-harness';
import type { GradescopeResults } from '../report/gradescope';
import type { Gradebook, JobRecord } from '../result/gradebook';
import { jobFile } from './output/store';

// A class of 17 built from the fixture course's solutions, starters, known-wrong solutions and
// every broken case. To keep the tests quick it is graded twice: as two shards merged into the
// reference, and unsharded through the CLI, stopped by Ctrl-C and by SIGKILL and rerun. Both must
// give exactly the expected points (the fixture's tests are deterministic) and the same gradebook.

const made: string[] = [];
const tmp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (text) => out.push(text), err: (text) => err.push(text), color: false };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const read = <T>(file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const job = (out: string, student: string, exercise: string) =>
  read<JobRecord>(jobFile(out, student, exercise));
/** The gradebook without its timestamp, and the CSV: what must be identical run after run. */
function comparable(out: string) {
  const { generated_at: _generatedAt, ...gradebook } = read<Gradebook>(
    path.join(out, 'gradebook.json'),
  );
  return { gradebook, csv: fs.readFileSync(path.join(out, 'gradebook.csv'), 'utf8') };
}

let classDir: string;
let shards: string[];
let reference: string;
let shardPrinted: string[];
let mergePrinted: string;

beforeAll(async () => {
  classDir = buildClass();
  made.push(classDir);
  shards = [tmp('grader-shard1-'), tmp('grader-shard2-')];
  shardPrinted = [];
  for (const [index, out] of shards.entries()) {
    const { io, out: printed, err } = recorder();
    const shard = `${index + 1}/2`;
    const code = await grade(
      {
        submissions: classDir,
        out,
        course: batchCourse,
        jobs: 2,
        shard,
        format: 'gradescope',
        progress: 'lines',
      },
      io,
    );
    if (code !== 0)
      throw new Error(`grade --shard ${shard} exited ${code}:\n${printed()}\n${err()}`);
    shardPrinted.push(printed());
  }
  reference = tmp('grader-merged-');
  const { io, out } = recorder();
  if (merge({ dirs: shards, out: reference }, io) !== 0) throw new Error('merge failed');
  mergePrinted = out();
}, 240_000);

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

test('the gradebook has exact points for all 17 students, as CSV and JSON', () => {
  const { gradebook, csv } = comparable(reference);
  expect(csv.split('\r\n').slice(0, 2)).toEqual([
    'student,name,email,sis_id,section,late,ex01,ex01 status,ex02,ex02 status,total,max',
    'Points Possible,,,,,,8,,3,,11,11',
  ]);
  const rows = Object.fromEntries(
    gradebook.students.map((row) => [
      row.id,
      [row.exercises.ex01.score, row.exercises.ex02.score, row.total],
    ]),
  );
  expect(rows).toEqual(expectedPoints);
  expect(csv).toContain('\r\nada,,,,,,8,pass,3,pass,11,11\r\n');
  expect(csv).toContain('\r\neve,,,,,,0,not_submitted,3,pass,3,11\r\n');
  // Ben handed in both starters as they were: graded as they are, and flagged.
  expect(csv).toContain('\r\nben,,,,,,4,unchanged,0,unchanged,4,11\r\n');
  expect(gradebook.students.every((row) => row.max === 11)).toBe(true);
  expect(
    schemaProblems('gradebook', read(path.join(reference, 'gradebook.json')), 'gradebook.json'),
  ).toEqual([]);
});

// P pass, F fail, T timed out, S skipped (not run: not submitted or does not compile).
const LETTER = { pass: 'P', fail: 'F', timeout: 'T', skipped: 'S' } as const;
const expectedVerdicts: Record<string, [string, string]> = {
  ada: ['PPPP', 'PP'],
  ben: ['PFFP', 'FF'],
  cy: ['PPFP', 'PP'],
  dee: ['PPPT', 'PF'],
  eve: ['SSSS', 'PP'],
  fay: ['SSSS', 'PP'],
  gus: ['PTTP', 'SS'],
  hal: ['PTTP', 'SS'],
  ivy: ['FFFF', 'SS'],
  jo: ['PPPP', 'PP'],
  kai: ['PPPP', 'PP'],
  lee: ['SSSS', 'SS'],
  max: ['SSSS', 'SS'],
  ned: ['SSSS', 'SS'],
  oz: ['SSSS', 'SS'],
  pat: ['SSSS', 'SS'],
  quinn: ['SSSS', 'SS'],
};

test('every test of every student has the exact verdict and points', () => {
  for (const [student, verdicts] of Object.entries(expectedVerdicts)) {
    ['ex01', 'ex02'].forEach((exercise, index) => {
      const { result } = job(reference, student, exercise);
      const letters = result.tests.map((test) => LETTER[test.status]).join('');
      expect(`${student} ${exercise} ${letters}`).toBe(`${student} ${exercise} ${verdicts[index]}`);
      for (const test of result.tests)
        expect(test.score).toBe(test.status === 'pass' ? test.max_score : 0);
    });
  }
});

test('each broken case says what happened, in the student terms', () => {
  const message = (student: string, exercise: string, test = 0) =>
    job(reference, student, exercise).result.tests[test].message ?? '';
  expect(job(reference, 'ada', 'ex01').result.status).toBe('pass');
  expect(message('gus', 'ex01', 1)).toMatch(/had to be killed.*infinite loop/s);
  // A promise that never settles, and a lock never released: the hang watch ends the test once
  // nothing could settle it (run/hang-watch), unless its limit (1 s here) comes first. The stack
  // probe cannot say where under the permission model (docs/security.md): the cause is general.
  const hung = /^(hung: stopped after [\d.]+ s|timed out after [\d.]+ s).*Likely a deadlock/s;
  expect(message('hal', 'ex01', 1)).toMatch(hung);
  expect(message('dee', 'ex01', 3)).toMatch(hung);
  expect(message('ivy', 'ex01')).toMatch(/exit code 0.*process\.exit/s);
  const fay = job(reference, 'fay', 'ex01').result;
  expect(fay.status).toBe('error');
  expect(fay.compile.diagnostics[0]).toMatchObject({ file: 'ex01-lock/lock.ts', code: 'TS2322' });

  const intake = (student: string, exercise = 'ex01') => job(reference, student, exercise).intake;
  expect(intake('eve')).toEqual({
    submitted: false,
    files: [
      {
        file: 'lock.ts',
        status: 'missing',
        reason:
          'lock.ts not found (looked for exercises/ex01-lock/lock.ts, ex01-lock/lock.ts, lock.ts)',
      },
    ],
  });
  expect(message('eve', 'ex01')).toBe(`not submitted: ${intake('eve').files[0].reason}`);
  const reasons = {
    lee: 'exercises/ex01-lock/lock.ts is a symbolic link (links are never followed)',
    max: 'exercises/ex01-lock/lock.ts is binary, not TypeScript source',
    ned: 'exercises/ex01-lock/lock.ts is 323 KB, over the 256 KB limit',
    oz: 'exercises is a symbolic link (links are never followed)',
    pat: 'pat.zip could not be read as a zip (invalid zip data)',
    quinn: 'exercises/ex01-lock/lock.ts is a symbolic link (links are never followed)',
  };
  for (const [student, reason] of Object.entries(reasons))
    expect(`${student}: ${intake(student).files[0].reason}`).toBe(`${student}: ${reason}`);
  expect(intake('quinn', 'ex02').files[0].reason).toBe(
    '/exercises/ex02-gather/gather.ts has a path that leaves the submission',
  );
  expect(intake('jo').files[0].from).toBe('jo-repo/exercises/ex01-lock/lock.ts');
  expect(intake('kai', 'ex02').files[0].from).toBe('gather.ts');
  // ada's own "always passes" test file was ignored: the course's tests graded her.
  expect(job(reference, 'ada', 'ex01').result.tests).toHaveLength(4);
});

test('per student: a result document, feedback that keeps hidden tests hidden, Gradescope results', () => {
  const dir = (student: string) => path.join(reference, 'students', student);
  const document = read<ResultDocument>(path.join(dir('dee'), 'result.json'));
  expect(schemaProblems('result', document, 'result.json')).toEqual([]);
  expect([document.score, document.max_score, document.exercises.length]).toEqual([6, 11, 2]);

  const feedback = fs.readFileSync(path.join(dir('ben'), 'feedback.md'), 'utf8');
  expect(feedback).toContain('**Total: 4/11 points**');
  expect(feedback).toContain(
    '| a second task starts only after the first has finished | ❌ failed | 0/2 |',
  );
  expect(feedback).toContain('the second task must wait while the first holds the lock');
  expect(feedback).toContain('| hidden test 1 | ❌ failed | 0/2 |');
  expect(feedback).not.toContain('in the order they were queued');
  // after_due_date tests are shown once grades are handed back.
  expect(feedback).toContain('| a task that throws still releases the lock | ✅ passed | 3/3 |');
  expect(fs.readFileSync(path.join(dir('eve'), 'feedback.md'), 'utf8')).toContain(
    '| run resolves with what the task returns | not submitted | 0/1 |',
  );

  const gradescope = read<GradescopeResults>(path.join(dir('cy'), 'results.json'));
  expect(schemaProblems('gradescope-results', gradescope, 'results.json')).toEqual([]);
  expect(gradescope.score).toBe(9);
  expect(
    gradescope.tests.map((test) => [test.name, test.status, test.score, test.visibility]),
  ).toEqual([
    ['ex01 run resolves with what the task returns', 'passed', 1, 'visible'],
    ['ex01 a second task starts only after the first has finished', 'passed', 2, 'visible'],
    ['ex01 tasks run one at a time in the order they were queued', 'failed', 0, 'hidden'],
    ['ex01 a task that throws still releases the lock', 'passed', 3, 'after_due_date'],
    ['ex02 results keep the order of the tasks', 'passed', 1, 'visible'],
    ['ex02 the tasks run at the same time', 'passed', 2, 'hidden'],
  ]);
});

test('the summary: students, mean and median, per exercise, most failed tests, troubled jobs', () => {
  expect(mergePrinted).toContain('17 students graded: mean 3.88/11, median 3/11');
  expect(mergePrinted).toContain('  ex01  mean 2.76/8 (7 not submitted, 1 unchanged starter)');
  expect(mergePrinted).toContain(
    '  5/9  ex01  tasks run one at a time in the order they were queued',
  );
  expect(mergePrinted).toMatch(/gus ex01: timed out in a second task starts only after/);
  expect(mergePrinted).toMatch(/ivy ex01: crashed in run resolves/);
  expect(shardPrinted[0]).toMatch(/^Ignored roster\.txt: neither a folder nor a \.zip$/m);
  expect(shardPrinted[0]).toMatch(/^\[18\/18\] /m);
  expect(shardPrinted[1]).toMatch(/^\[16\/16\] /m);
});

test('a shard is every other student of the sorted class; merge refuses an incomplete set', () => {
  const students = (dir: string) =>
    read<{ students: string[] }>(path.join(dir, 'run.json')).students;
  expect(students(shards[0])).toEqual([
    'ada',
    'cy',
    'eve',
    'gus',
    'ivy',
    'kai',
    'max',
    'oz',
    'quinn',
  ]);
  expect(students(shards[1])).toEqual(['ben', 'dee', 'fay', 'hal', 'jo', 'lee', 'ned', 'pat']);
  const shardRows = read<Gradebook>(path.join(shards[1], 'gradebook.json')).students;
  expect(shardRows.map((row) => row.id)).toEqual(students(shards[1]));
  expect(() => merge({ dirs: [shards[0]], out: tmp('grader-merged-') }, recorder().io)).toThrow(
    /shard 2\/2 is missing/,
  );
});

const jobsWritten = (out: string) =>
  fs.existsSync(path.join(out, 'jobs'))
    ? fs
        .readdirSync(path.join(out, 'jobs'))
        .flatMap((student) => fs.readdirSync(path.join(out, 'jobs', student)))
        .filter((name) => name.endsWith('.json')).length
    : 0;

const startGrade = (out: string, tmpdir: string) =>
  startCli(
    [
      'grade',
      classDir,
      '--out',
      out,
      '--course',
      batchCourse,
      '--jobs',
      '2',
      '--format',
      'gradescope',
    ],
    { tmpdir },
  );
const running = (marker: string) => processesUsing(marker).map((each) => each.pid);

test('unsharded, stopped by Ctrl-C and by SIGKILL, rerun: exactly the merged shards gradebook', async () => {
  const out = tmp('grader-resume-');
  // A temporary folder of its own marks every process this grader starts.
  const marker = tmp('grader-marker-');

  const first = startGrade(out, marker);
  expect(await until(() => jobsWritten(out) >= 2, 120_000)).toBe(true);
  first.child.kill('SIGINT');
  expect(await first.exited).toBe(EXIT.interrupted);
  expect(first.output()).toMatch(/Stopped\. \d+ jobs? graded in this run are kept/);
  expect(running(marker)).toEqual([]);
  const afterInterrupt = jobsWritten(out);
  expect(afterInterrupt).toBeLessThan(34);

  const second = startGrade(out, marker);
  expect(await until(() => jobsWritten(out) >= afterInterrupt + 3, 120_000)).toBe(true);
  second.child.kill('SIGKILL');
  await second.exited;
  // The runners it left finish their jobs under their own watchdogs, then exit: nothing hangs.
  expect(await until(() => running(marker).length === 0, 60_000)).toBe(true);
  const afterKill = jobsWritten(out);
  expect(afterKill).toBeLessThan(34);

  const third = startGrade(out, marker);
  expect(await third.exited).toBe(0);
  expect(third.output()).toContain(
    `Grading ${34 - afterKill} jobs (${afterKill} already graded are kept`,
  );
  expect(comparable(out)).toEqual(comparable(reference));
  const feedback = (dir: string) =>
    fs.readFileSync(path.join(dir, 'students', 'cy', 'feedback.md'), 'utf8');
  expect(feedback(out)).toBe(feedback(reference));

  const fourth = startGrade(out, marker);
  expect(await fourth.exited).toBe(0);
  expect(fourth.output()).toContain('Grading 0 jobs (34 already graded are kept');
  expect(comparable(out)).toEqual(comparable(reference));
}, 240_000);
