import * as fs from 'fs';
import * as path from 'path';
import { grade } from '../../commands/grade';
import type { Gradebook, JobRecord, RunRecord } from '../../result/gradebook';
import { recorder } from '../../release/__fixtures__/mini-course';
import { batchCourse } from '../../test/batch-class';
import { temporaryFolder } from '../../test/scratch';
import { canvasOneAssignmentZip, canvasRoster } from '../../test/lms-exports';
import { jobFile } from '../output/store';

// A Canvas download of one assignment (ex01's lock.ts only) graded as an instructor would, with
// no --exercises: only ex01 is graded, ex02 is named once as not graded, and nothing of ex02
// reaches the gradebook, the feedback or the import file. Every file is accounted for.

const tmp = temporaryFolder;
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

let out: string;
let printed: string;
let code: number;
beforeAll(async () => {
  const classDir = tmp('grader-one-assignment-');
  canvasOneAssignmentZip(classDir);
  const roster = path.join(tmp('grader-roster-'), 'roster.csv');
  fs.writeFileSync(roster, canvasRoster);
  out = tmp('grader-one-assignment-out-');
  const io = recorder();
  code = await grade(
    {
      submissions: classDir,
      out,
      course: batchCourse,
      roster,
      export: 'canvas',
      jobs: 2,
      progress: 'lines',
    },
    io,
  );
  printed = io.stdout + io.stderr;
}, 120_000);

test('only the exercise some submission touches is graded; the rest is said once, and left out', () => {
  expect(code).toBe(0);
  const run = JSON.parse(read(out, 'run.json')) as RunRecord;
  expect(run.exercises.map((exercise) => exercise.id)).toEqual(['ex01']);
  const note = 'ex02: no submission contains its files; not graded';
  expect(printed.split(note).length - 1).toBe(2); // announced at the start, and in the end summary
  expect(printed).toMatch(/^Grading 4 jobs$/m);
  // The roster's Points Possible line is no student and no warning.
  expect(printed).not.toMatch(/roster\.csv line/);
  const gradebook = JSON.parse(read(out, 'gradebook.json')) as Gradebook;
  expect(gradebook.exercises.map((exercise) => exercise.id)).toEqual(['ex01']);
  expect(gradebook.summary.max).toBe(8);
  expect(read(out, 'gradebook.csv')).not.toMatch(/ex02/);
  expect(read(out, 'students/1001/feedback.md')).not.toMatch(/ex02/);
  expect(read(out, 'canvas-import.csv').split('\r\n')[0]).toBe(
    'Student,ID,SIS User ID,SIS Login ID,Section,ex01 An async lock',
  );
});

test("a browser's ` (1)` resubmission is graded as the file, and says it was a near match", () => {
  const gradebook = JSON.parse(read(out, 'gradebook.json')) as Gradebook;
  expect(gradebook.students.map((row) => [row.id, row.total])).toEqual([
    ['1001', 8],
    ['1002', 4],
    ['1003', 8],
    ['1004', 0],
  ]);
  const jane = JSON.parse(fs.readFileSync(jobFile(out, '1001', 'ex01'), 'utf8')) as JobRecord;
  expect(jane.intake.files[0]).toMatchObject({
    file: 'lock.ts',
    status: 'taken',
    from: 'doejane_1001_5011_lock (1).ts',
    note: `lock (1).ts graded as lock.ts (a near match: a browser's copy suffix " (1)")`,
  });
  expect(printed).toMatch(/1001: lock \(1\)\.ts graded as lock\.ts \(a near match/);
  // Her first upload is the older copy; Sean's notes are listed with the nearest expected name.
  expect(gradebook.intake?.skipped).toEqual(
    expect.arrayContaining([
      {
        name: 'doejane_1001_5001_lock.ts',
        reason: 'an older copy of lock.ts: doejane_1001_5011_lock (1).ts was submitted later',
      },
      {
        name: 'oconnorsean_1003_5003_lock-notes.txt',
        reason: 'matches no exercise file (nearest expected name: lock.ts, ex01)',
      },
    ]),
  );
});

test('the untouched starter is flagged unchanged in the gradebook, the summary, the report and feedback', () => {
  const gradebook = JSON.parse(read(out, 'gradebook.json')) as Gradebook;
  expect(gradebook.students.map((row) => [row.id, row.exercises.ex01.status])).toEqual([
    ['1001', 'pass'],
    ['1002', 'unchanged'],
    ['1003', 'pass'],
    ['1004', 'missing'],
  ]);
  // Jane's first upload was the starter too, but her later copy is what was graded.
  const bob = JSON.parse(fs.readFileSync(jobFile(out, '1002', 'ex01'), 'utf8')) as JobRecord;
  expect(bob.intake.unchanged).toBe(true);
  expect(gradebook.summary.exercises[0]).toMatchObject({ not_submitted: 1, unchanged: 1 });
  expect(read(out, 'gradebook.csv')).toContain(',4,unchanged,4,8');
  expect(printed).toContain('  ex01  mean 5/8 (1 not submitted, 1 unchanged starter)');
  expect(printed).toMatch(/^\[\d\/4\] 1002 ex01 4\/8 unchanged \(/m);
  expect(read(out, 'report.html')).toContain('(+1 unchanged starter)');
  const feedback = read(out, 'students/1002/feedback.md');
  expect(feedback).toContain('| unchanged starter: 2 of 4 tests passed |');
  expect(feedback).toContain('Note: this is the starter as it was handed out, unchanged');
  expect(read(out, 'students/1003/feedback.md')).not.toContain('unchanged');
});
