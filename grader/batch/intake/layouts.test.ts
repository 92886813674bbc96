import * as fs from 'fs';
import * as path from 'path';
import { zipSync } from 'fflate';
import { loadCourse } from '../../course/load';
import { batchCourse } from '../../test/batch-class';
import { temporaryFolder } from '../../test/scratch';
import {
  canvasFlat,
  canvasGradebookExport,
  canvasRoster,
  canvasZip,
  classroomClones,
  gather,
  gradescopeExport,
  lock,
  moodleExport,
  moodleWorksheet,
} from '../../test/lms-exports';
import { parseCanvasName } from './canvas-layout';
import { readClass } from './class-intake';
import { openSubmission, takeStudentFiles, uniqueFileNames } from './intake';
import type { ClassListing } from './listing';
import { listClass } from './layouts';
import { parseShard } from '../schedule/plan';
import { readRoster } from './roster';
import { DEFAULT_LIMITS } from './source';

// Every export format read without grading: what is detected, who the students are, which files
// each gives the grader, and that everything left out is listed with its reason.
const course = loadCourse(batchCourse);
const layoutNames = new Set(['exercises', ...course.exercises.map((exercise) => exercise.folder)]);
const unique = uniqueFileNames(course.exercises);
const [lockExercise, gatherExercise] = course.exercises;

const tmp = () => temporaryFolder('grader-layouts-');

/** What the grader takes from each student for ex02: the content's source and where it came from. */
function taken(listing: ClassListing, exercise = gatherExercise) {
  return Object.fromEntries(
    listing.submissions.map((submission) => {
      const intake = takeStudentFiles(
        openSubmission(submission, DEFAULT_LIMITS, layoutNames),
        exercise,
        unique,
      );
      const file = intake.files[0];
      return [
        submission.id,
        file.status === 'taken'
          ? [file.from, intake.contents.get(file.file)!.toString()]
          : [file.status, file.reason],
      ];
    }),
  );
}

test('Canvas names: login, LATE, user id, submission id, original name and resubmission number', () => {
  expect(parseCanvasName('doejane_LATE_1001_5001_gather-2.ts')).toEqual({
    login: 'doejane',
    late: true,
    userId: '1001',
    submissionId: '5001',
    original: 'gather.ts',
    copy: 2,
    sameAs: 'gather.ts',
  });
  // A browser's second download, uploaded: a copy of the same file, the later one.
  expect(parseCanvasName('doejane_1001_5011_gather (1).ts')).toMatchObject({
    original: 'gather (1).ts',
    copy: 1,
    sameAs: 'gather.ts',
  });
  expect(parseCanvasName('doejane_1001_5001_my_file.ts')).toMatchObject({
    late: false,
    original: 'my_file.ts',
    copy: 0,
  });
  expect(parseCanvasName('gather.ts')).toBeUndefined();
  expect(parseCanvasName('doejane_x_5001_gather.ts')).toBeUndefined();
});

test.each([
  ['the download zip in the folder', (dir: string) => (canvasZip(dir), dir)],
  ['the download zip named itself', (dir: string) => canvasZip(dir)],
  ['its files unpacked flat', (dir: string) => canvasFlat(dir)],
])('Canvas, %s: one student per user id, the latest copy, LATE kept, strays listed', (_, make) => {
  const listing = listClass(make(tmp()));
  expect(listing.layout).toBe('canvas');
  expect(listing.decisions.join('\n')).toMatch(
    /6 files named <login>_<user id>_<submission id>_<file> .*: 3 students by user id \(1 late\); 2 older copies of resubmitted files skipped/,
  );
  expect(listing.submissions.map((s) => [s.id, s.person?.name, s.late ?? false])).toEqual([
    ['1001', 'doejane', false],
    ['1002', 'smithbob', true],
    ['1003', 'oconnorsean', false],
  ]);
  const got = taken(listing);
  expect(got['1001']).toEqual(['doejane_1001_5001_gather-2.ts', gather.full()]);
  expect(got['1002']).toEqual(['smithbob_LATE_1002_5002_gather.ts', gather.one()]);
  const older = 'an older copy of gather.ts: doejane_1001_5001_gather-2.ts was submitted later';
  expect(listing.ignored).toEqual([
    {
      name: 'grades-readme.txt',
      reason: 'not named <login>_<user id>_<submission id>_<file> as Canvas names submissions',
    },
    { name: 'doejane_1001_5001_gather-1.ts', reason: older },
    { name: 'doejane_1001_5001_gather.ts', reason: older },
  ]);
  // Not submitted for ex01: said with the places looked, never a crash.
  expect(taken(listing, lockExercise)['1001'][0]).toBe('missing');
});

test('a Canvas-renamed file filed by hand in a student folder is found by its original name', () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'jane'));
  fs.writeFileSync(path.join(dir, 'jane', 'doejane_1001_5001_gather.ts'), gather.none());
  fs.writeFileSync(path.join(dir, 'jane', 'doejane_1001_5001_gather-1.ts'), gather.full());
  fs.writeFileSync(path.join(dir, 'jane', 'doejane_1001_5001_lock.ts'), lock.full());
  const listing = listClass(dir);
  expect(listing.layout).toBe('folders');
  expect(taken(listing).jane).toEqual(['doejane_1001_5001_gather-1.ts', gather.full()]);
  expect(taken(listing, lockExercise).jane[0]).toBe('doejane_1001_5001_lock.ts');
});

test('Moodle: id = participant id, name kept, online text noted and not graded, a lone zip opened', () => {
  const listing = listClass(moodleExport(tmp()));
  expect(listing.layout).toBe('moodle');
  expect(listing.submissions.map((s) => [s.id, s.person?.name, s.kind])).toEqual([
    ['101', 'Ana Lima', 'folder'],
    ['102', 'Kō Tanaka', 'zip'],
  ]);
  expect(taken(listing)).toEqual({
    101: ['gather.ts', gather.full()],
    102: ['repo/exercises/ex02-gather/gather.ts', gather.one()],
  });
  expect(listing.ignored).toEqual([
    {
      name: 'Ana Lima_101_assignsubmission_onlinetext_/',
      reason: 'Moodle onlinetext submission (text typed into Moodle, not files): not graded',
    },
  ]);
  expect(listing.decisions[1]).toMatch(/1 online text folder not graded/);
});

test('Gradescope: every submitter of a group is a student; sid, else email, is the id', () => {
  const listing = listClass(gradescopeExport(tmp()));
  expect(listing.layout).toBe('gradescope');
  expect(listing.decisions[0]).toBe(
    '--layout auto: found submission_metadata.yml: a Gradescope export',
  );
  expect(listing.submissions.map((s) => [s.id, s.person])).toEqual([
    ['9001', { name: 'Ravi Patel', email: 'ravi@example.edu', sis_id: '9001' }],
    ['9002', { name: 'Mei Chen', email: 'mei@example.edu', sis_id: '9002' }],
    ['sam@example.edu', { name: 'Sam Ortiz', email: 'sam@example.edu' }],
  ]);
  expect(taken(listing)).toEqual({
    9001: ['gather.ts', gather.full()],
    9002: ['gather.ts', gather.full()],
    'sam@example.edu': ['ex02-gather/gather.ts', gather.one()],
  });
});

test('GitHub Classroom: <assignment>-<login> folders give the login, dashes and all', () => {
  const listing = listClass(classroomClones(tmp()));
  expect(listing.layout).toBe('classroom');
  expect(listing.decisions[0]).toMatch(/named concurrency-lab-<login>: GitHub Classroom clones/);
  expect(listing.submissions.map((s) => s.id)).toEqual(['dev42', 'octo-cat']);
  expect(taken(listing)['octo-cat'][1]).toBe(gather.full());
});

test('auto keeps plain student folders as folders; a forced layout is said to be forced', () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'ada'));
  fs.mkdirSync(path.join(dir, 'ben'));
  fs.writeFileSync(path.join(dir, 'roster.txt'), '');
  const listing = listClass(dir);
  expect([listing.layout, listing.submissions.length]).toEqual(['folders', 2]);
  expect(listing.ignored).toEqual([{ name: 'roster.txt', reason: 'neither a folder nor a .zip' }]);
  expect(listClass(dir, 'classroom').decisions).toEqual([
    '--layout classroom, as asked',
    'classroom: 2 repository folders with no common <assignment>- prefix: id = folder name',
  ]);
  expect(() => listClass(dir, 'blackboard' as 'folders')).toThrow(
    /--layout must be auto or one of/,
  );
  // One zip that is not a Canvas download is still one student's zip.
  const single = tmp();
  fs.writeFileSync(path.join(single, 'ada.zip'), zipSync({ 'gather.ts': Buffer.from('x') }));
  expect(listClass(single).submissions.map((s) => [s.id, s.kind])).toEqual([['ada', 'zip']]);
});

test('a roster: matched students take its details, the missing join with nothing, the rest are unmatched', () => {
  const dir = tmp();
  canvasZip(dir);
  const roster = path.join(tmp(), 'roster.csv');
  fs.writeFileSync(roster, canvasRoster);
  const listing = readClass(dir, 'auto', roster);
  expect(
    listing.submissions.map((s) => [
      s.id,
      s.kind,
      s.roster ?? 'on',
      s.person?.name,
      s.person?.section,
    ]),
  ).toEqual([
    ['1001', 'files', 'on', 'Doe, Jane', 'Section A'],
    ['1002', 'files', 'on', '=HYPERLINK("http://x","Bob")', 'Section A'],
    ['1003', 'files', 'unmatched', 'oconnorsean', undefined],
    ['1004', 'none', 'missing', 'Lin Ångström-Zoë', 'Section "B"'],
  ]);
  expect(listing.submissions[0].person).toEqual({
    name: 'Doe, Jane',
    email: 'jane@example.edu',
    sis_id: 'S-001',
    login: 'jdoe',
    section: 'Section A',
  });
  expect(listing.decisions.at(-1)).toMatch(
    /3 students; 2 matched a submission, 1 submitted nothing \(missing\), 1 submission not on the roster \(unmatched\)/,
  );
  // The "Points Possible" line of a Canvas export is not a student, and not worth a warning.
  expect(listing.ignored.filter((entry) => entry.name === 'roster.csv')).toEqual([]);
  const missing = takeStudentFiles(
    openSubmission(listing.submissions[3], DEFAULT_LIMITS, layoutNames),
    gatherExercise,
    unique,
  );
  expect(missing).toMatchObject({
    submitted: false,
    files: [
      { status: 'missing', reason: 'nothing was submitted (on the roster, no submission found)' },
    ],
  });
});

test("the rows an LMS's gradebook export adds are skipped silently; a student row without an id is not", () => {
  const file = path.join(tmp(), 'roster.csv');
  fs.writeFileSync(file, canvasGradebookExport);
  expect(readRoster(file, 'roster.csv')).toEqual({
    entries: [
      { id: '1001', name: 'Doe, Jane', sis_id: 'S-001', login: 'jdoe', section: 'Section A' },
      { id: '1002', name: 'Bob Smith', sis_id: 'S-002', login: 'bsmith', section: 'Section A' },
    ],
    skipped: [],
  });
  fs.writeFileSync(file, moodleWorksheet);
  const moodle = readRoster(file, 'roster.csv');
  expect(moodle.entries.map((entry) => [entry.id, entry.email])).toEqual([
    ['101', 'ana@example.edu'],
    ['102', 'ko@example.edu'],
    ['103', 'ravi@example.edu'],
  ]);
  expect(moodle.skipped).toEqual([]);
  fs.writeFileSync(file, `${moodleWorksheet},Ann Other,,,,\n`);
  expect(readRoster(file, 'roster.csv').skipped).toEqual(['roster.csv line 6: no student id']);
});

test('a roster matches by email or SIS id too, and a bad roster is a clear error', () => {
  const roster = path.join(tmp(), 'roster.csv');
  fs.writeFileSync(roster, 'Email Address,Full name,ID number\nSAM@example.edu,Sam Ortiz,S9\n');
  const listing = readClass(gradescopeExport(tmp()), 'auto', roster);
  const sam = listing.submissions.find((s) => s.person?.name === 'Sam Ortiz')!;
  expect([sam.id, sam.roster]).toEqual(['S9', undefined]);
  fs.writeFileSync(roster, 'first,last\nAna,Lima\n');
  expect(() => readClass(gradescopeExport(tmp()), 'auto', roster)).toThrow(
    /has no id column: its header must name one of id, sis_id, login, email \(found: first, last\)/,
  );
  fs.writeFileSync(roster, 'id,name\n7,A\n7,B\n');
  expect(() => readClass(gradescopeExport(tmp()), 'auto', roster)).toThrow(
    /line 3: student id "7" is on the roster twice/,
  );
});

test('--shard auto: the index from JOB_COMPLETION_INDEX (from 0), the count from --shards', () => {
  expect(parseShard('auto', 4, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
  expect(parseShard('auto', 4, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
  expect(() => parseShard('auto', 4, { JOB_COMPLETION_INDEX: '4' })).toThrow(
    'JOB_COMPLETION_INDEX must be a whole number from 0 to 3 for --shards 4; got "4"',
  );
  expect(() => parseShard('auto', 4, {})).toThrow(/reads JOB_COMPLETION_INDEX .* which is not set/);
  expect(() => parseShard('auto', undefined, { JOB_COMPLETION_INDEX: '0' })).toThrow(
    /--shard auto needs --shards N/,
  );
  expect(parseShard('2/4', 4, {})).toEqual({ index: 2, count: 4 });
  expect(() => parseShard('2/4', 3, {})).toThrow(/is of 4 shards but --shards says 3/);
  expect(() => parseShard(undefined, 3, {})).toThrow(/--shards N goes with --shard auto/);
});
