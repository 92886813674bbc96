import * as fs from 'fs';
import * as path from 'path';
import { grade } from '../../commands/grade';
import type { Gradebook, JobRecord } from '../../result/gradebook';
import { recorder } from '../../release/__fixtures__/mini-course';
import { batchCourse } from '../../test/batch-class';
import { temporaryFolder } from '../../test/scratch';
import { moodleRenamedExport, moodleWorksheet } from '../../test/lms-exports';
import { jobFile } from '../output/store';

// A Moodle export as students upload to it: a browser's `Gather (1).ts`, a stray copy, notes and
// a misspelt file. Every file is graded or listed with its reason and the nearest expected name,
// and no name is ever reported in a case the student did not write.

const tmp = temporaryFolder;
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

let out: string;
let printed: string;
beforeAll(async () => {
  const io = recorder();
  out = tmp('grader-moodle-out-');
  const roster = path.join(tmp('grader-moodle-roster-'), 'worksheet.csv');
  fs.writeFileSync(roster, moodleWorksheet);
  const code = await grade(
    {
      submissions: moodleRenamedExport(tmp('grader-moodle-')),
      out,
      roster,
      course: batchCourse,
      jobs: 2,
      progress: 'lines',
    },
    io,
  );
  printed = io.stdout + io.stderr;
  if (code !== 0) throw new Error(`grade exited ${code}:\n${printed}`);
}, 120_000);

test('a renamed upload is graded as its file, and the feedback says it was a near match', () => {
  const gradebook = JSON.parse(read(out, 'gradebook.json')) as Gradebook;
  expect(gradebook.exercises.map((exercise) => exercise.id)).toEqual(['ex02']);
  expect(gradebook.students.map((row) => [row.id, row.exercises.ex02.status, row.total])).toEqual([
    ['101', 'pass', 3],
    ['102', 'fail', 1],
    ['103', 'not_submitted', 0],
  ]);
  const ana = JSON.parse(fs.readFileSync(jobFile(out, '101', 'ex02'), 'utf8')) as JobRecord;
  const note = `Gather (1).ts graded as gather.ts (a near match: a browser's copy suffix " (1)", another case)`;
  expect(ana.intake.files[0]).toMatchObject({ status: 'taken', from: 'Gather (1).ts', note });
  expect(read(out, 'students/101/feedback.md')).toContain(`Note: ${note}.`);
  expect(printed).toContain(`101: ${note}`);
});

test('every other file is listed as not graded, with the reason and the nearest expected name', () => {
  const gradebook = JSON.parse(read(out, 'gradebook.json')) as Gradebook;
  expect(gradebook.intake?.skipped).toEqual([
    {
      name: '101/gather-notes.md',
      reason: 'matches no exercise file (nearest expected name: gather.ts, ex02)',
    },
    { name: '102/gather (1).ts', reason: 'another copy of gather.ts: gather.ts was graded' },
    {
      name: '103/gahter.ts',
      reason: 'matches no exercise file (nearest expected name: gather.ts, ex02)',
    },
  ]);
  // Three files, and nothing else: the worksheet's average row is no student and no warning.
  expect(printed).toMatch(/^Not graded \(3\):$/m);
  expect(gradebook.intake?.unmatched).toEqual([]);
  // The missing file is named as the manifest spells it, never capitalised.
  const feedback = read(out, 'students/103/feedback.md');
  expect(feedback).toContain('Not submitted, so no test ran: gather.ts not found (looked for');
  expect(feedback).not.toMatch(/Gather\.ts/);
});
