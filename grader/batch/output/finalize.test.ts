import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as feedback from '../../report/feedback';
import { exerciseResult, testResult } from '../../report/__fixtures__/results';
import type { JobRecord, RunRecord } from '../../result/gradebook';
import { finalize } from './finalize';
import { jobFile, studentDir, writeJob, writeRun } from './store';

const exercise = exerciseResult();
const run: RunRecord = {
  version: 1,
  shard: { index: 1, count: 1 },
  roster_digest: 'a'.repeat(64),
  students: ['alice', 'mallory'],
  exercises: [
    { id: exercise.id, title: exercise.title, max_score: exercise.max_score, digest: 'd' },
  ],
  formats: ['gradescope'],
};

function classOut(
  messageOf: (student: string) => string,
  runsOf: (student: string) => { runs?: number; failed_runs?: number } = () => ({}),
): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'finalize-'));
  writeRun(out, run);
  for (const student of run.students) {
    const record: JobRecord = {
      version: 1,
      student,
      exercise: exercise.id,
      input_digest: 'b'.repeat(64),
      graded_at: new Date(0).toISOString(),
      intake: { submitted: true, files: [] },
      result: {
        ...exercise,
        tests: [
          testResult({
            name: 'counts once',
            status: 'fail',
            score: 0,
            message: messageOf(student),
            ...runsOf(student),
          }),
        ],
        score: 0,
      },
    };
    writeJob(jobFile(out, student, exercise.id), record);
  }
  return out;
}

afterEach(() => jest.restoreAllMocks());

test('messages of 261,000 backtick runs are rendered: every student gets feedback', () => {
  const out = classOut((student) => (student === 'mallory' ? '`x'.repeat(261_000) : 'plain'));
  const gradebook = finalize(out, run);
  expect(gradebook.students.map((row) => row.report_error)).toEqual([undefined, undefined]);
  const mallory = fs.readFileSync(path.join(studentDir(out, 'mallory'), 'feedback.md'), 'utf8');
  expect(mallory.includes('\n```\n`x`x`x')).toBe(true);
  fs.rmSync(out, { recursive: true });
});

test("a renderer that throws for one student costs that student's documents, never the gradebook", () => {
  const out = classOut(() => 'plain');
  const real = feedback.renderFeedback;
  jest.spyOn(feedback, 'renderFeedback').mockImplementation((document, records) => {
    if (document.subject === 'mallory') throw new RangeError('Maximum call stack size exceeded');
    return real(document, records);
  });
  // A rerun finalizes again: it must not repeat a crash either.
  for (const _time of [1, 2]) {
    const gradebook = finalize(out, run);
    const [alice, mallory] = gradebook.students;
    expect(alice.report_error).toBeUndefined();
    expect(mallory.report_error).toMatch(/could not write this student's documents: Maximum call/);
    expect(mallory.total).toBe(0);
    expect(fs.existsSync(path.join(out, 'gradebook.json'))).toBe(true);
    const dir = studentDir(out, 'mallory');
    expect(fs.readFileSync(path.join(dir, 'feedback.md'), 'utf8')).toContain(`${exercise.id}: 0/`);
    expect(fs.existsSync(path.join(dir, 'result.json'))).toBe(false);
    expect(fs.existsSync(path.join(studentDir(out, 'alice'), 'results.json'))).toBe(true);
  }
  fs.rmSync(out, { recursive: true });
});

test('a test that failed after passing runs is named in the summary and the feedback; the gradebook holds no time', () => {
  const out = classOut(
    () => 'lost item 7',
    (student) => (student === 'mallory' ? { runs: 3, failed_runs: 1 } : { runs: 1 }),
  );
  const first = finalize(out, run);
  expect(first.summary.varied).toEqual([
    { student: 'mallory', exercise: exercise.id, test: 'counts once', runs: 3, failed_runs: 1 },
  ]);
  expect(fs.readFileSync(path.join(studentDir(out, 'mallory'), 'feedback.md'), 'utf8')).toContain(
    '| counts once | ❌ failed in 1 of 3 runs | 0/1 |',
  );
  // Alice failed in her only run: a plain failure.
  expect(fs.readFileSync(path.join(studentDir(out, 'alice'), 'feedback.md'), 'utf8')).toContain(
    '| counts once | ❌ failed | 0/1 |',
  );
  const bytes = () =>
    ['gradebook.json', 'gradebook.csv'].map((file) => fs.readFileSync(path.join(out, file)));
  const before = bytes();
  expect(before[0].toString()).not.toContain('generated_at');
  finalize(out, run);
  expect(bytes()).toEqual(before);
  fs.rmSync(out, { recursive: true });
});
