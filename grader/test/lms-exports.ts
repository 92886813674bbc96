import * as fs from 'fs';
import * as path from 'path';
import { zipSync } from 'fflate';
import { loadCourse } from '../course/load';
import { readVariants } from '../verify/variants';
import { batchCourse } from './batch-class';

// Each LMS's export of a small class, written to the format's documented naming (no real data):
//   Canvas "Download Submissions": <login>_<userid>_<submissionid>_<file>, _LATE_ after the login
//     of a late one, <file>-N.<ext> for the N-th resubmitted copy; one flat zip;
//   Moodle "Download all submissions": <Full Name>_<participant id>_assignsubmission_file_/ and
//     ..._assignsubmission_onlinetext_/ folders;
//   Gradescope "Export Submissions": submission_metadata.yml and submission_<id>/ folders;
//   GitHub Classroom (gh classroom clone student-repos): <assignment>-<login>/ repositories.

const read = (...parts: string[]) => fs.readFileSync(path.join(batchCourse, ...parts), 'utf8');

/** ex02 gather.ts worth 3, 1 and 0 of its 3 points; ex01 lock.ts worth 8 of 8. */
export const gather = {
  full: () => read('solutions', 'ex02-gather', 'gather.ts'),
  one: () => {
    const course = loadCourse(batchCourse);
    const exercise = course.exercises.find((candidate) => candidate.id === 'ex02')!;
    return readVariants(course, exercise).variants.find(
      (variant) => variant.name === 'one-at-a-time',
    )!.files['gather.ts'];
  },
  none: () => read('exercises', 'ex02-gather', 'gather.ts'),
};
export const lock = {
  full: () => read('solutions', 'ex01-lock', 'lock.ts'),
  starter: () => read('exercises', 'ex01-lock', 'lock.ts'),
};

function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

/**
 * Canvas: Jane (1001) resubmitted gather.ts twice, the last copy is the solution; Bob (1002) was
 * late with the one-at-a-time mistake; Sean (1003) is on no roster; a stray file is skipped.
 */
export function canvasFiles(): Record<string, string> {
  return {
    'doejane_1001_5001_gather.ts': gather.none(),
    'doejane_1001_5001_gather-1.ts': gather.one(),
    'doejane_1001_5001_gather-2.ts': gather.full(),
    'doejane_1001_5001_notes.txt': 'my notes\n',
    'smithbob_LATE_1002_5002_gather.ts': gather.one(),
    'oconnorsean_1003_5003_gather.ts': gather.full(),
    'grades-readme.txt': 'not a submission\n',
  };
}

/** The Canvas class as the downloaded zip, alone in `dir`. */
export function canvasZip(dir: string): string {
  const files = canvasFiles();
  fs.writeFileSync(
    path.join(dir, 'submissions.zip'),
    zipSync(
      Object.fromEntries(Object.entries(files).map(([name, text]) => [name, Buffer.from(text)])),
    ),
  );
  return path.join(dir, 'submissions.zip');
}

/**
 * Canvas "Download Submissions" of one assignment, ex01 only: Jane (1001) first uploaded the
 * starter, then her solution as her browser saved its second download, `lock (1).ts`; Bob (1002)
 * handed in the untouched starter; Sean (1003) his solution and a notes file.
 */
export function canvasOneAssignmentZip(dir: string): string {
  const files: Record<string, string> = {
    'doejane_1001_5001_lock.ts': lock.starter(),
    'doejane_1001_5011_lock (1).ts': lock.full(),
    'smithbob_1002_5002_lock.ts': lock.starter(),
    'oconnorsean_1003_5003_lock.ts': lock.full(),
    'oconnorsean_1003_5003_lock-notes.txt': 'it works now\n',
  };
  const zip = path.join(dir, 'submissions.zip');
  fs.writeFileSync(
    zip,
    zipSync(
      Object.fromEntries(Object.entries(files).map(([name, text]) => [name, Buffer.from(text)])),
    ),
  );
  return zip;
}

/** The Canvas class unpacked flat into `dir`. */
export const canvasFlat = (dir: string) => writeTree(dir, canvasFiles());

/**
 * The roster, as Canvas's own gradebook export heads it (plus an email column): its "Points
 * Possible" line, names with a comma, quotes, non-ASCII letters and a formula, and Lin (1004),
 * who submitted nothing.
 */
export const canvasRoster = [
  'Student,ID,SIS User ID,SIS Login ID,Section,Email',
  '    Points Possible,,,,,',
  '"Doe, Jane",1001,S-001,jdoe,Section A,jane@example.edu',
  '"=HYPERLINK(""http://x"",""Bob"")",1002,S-002,bsmith,Section A,bob@example.edu',
  'Lin Ångström-Zoë,1004,S-004,llin,"Section ""B""",',
  '',
].join('\r\n');

/**
 * Canvas's "Export Entire Gradebook" as it is downloaded: the "Manual Posting" and "Points
 * Possible" rows under the header, and the Student View user "Student, Test".
 */
export const canvasGradebookExport = [
  'Student,ID,SIS User ID,SIS Login ID,Section,Lab 1 (12345),Current Score,Final Score',
  ',,,,,Manual Posting,,',
  '    Points Possible,,,,,8.00,(read only),(read only)',
  '"Doe, Jane",1001,S-001,jdoe,Section A,,,',
  '"Student, Test",1999,,,Section A,,,',
  'Bob Smith,1002,S-002,bsmith,Section A,,,',
  '',
].join('\r\n');

/**
 * Moodle's grading worksheet (Assignment, "Download grading worksheet"), identifiers as
 * "Participant N", and the overall average row a grader report export adds.
 */
export const moodleWorksheet = [
  'Identifier,Full name,Email address,Status,Grade,Maximum Grade',
  'Participant 101,Ana Lima,ana@example.edu,Submitted for grading,,18.00',
  'Participant 102,Kō Tanaka,ko@example.edu,Submitted for grading,,18.00',
  'Participant 103,Ravi Patel,ravi@example.edu,Submitted for grading,,18.00',
  'Overall average,,,,,',
  '',
].join('\n');

/** Moodle: Ana (101) with files, Ana's online text too, Kō (102) with a zip of her repository. */
export function moodleExport(dir: string): string {
  writeTree(dir, {
    'Ana Lima_101_assignsubmission_file_/gather.ts': gather.full(),
    'Ana Lima_101_assignsubmission_onlinetext_/onlinetext.html': '<p>see my file</p>',
    'Kō Tanaka_102_assignsubmission_file_/.DS_Store': '\0',
  });
  fs.writeFileSync(
    path.join(dir, 'Kō Tanaka_102_assignsubmission_file_', 'repo.zip'),
    zipSync({ 'repo/exercises/ex02-gather/gather.ts': Buffer.from(gather.one()) }),
  );
  return dir;
}

/**
 * Moodle, as an instructor meets it: Ana (101) uploaded her browser's second download of the
 * file, `Gather (1).ts`, and her notes; Kō (102) the file and, by mistake, a copy of it; Ravi
 * (103) a misspelt `gahter.ts`.
 */
export function moodleRenamedExport(dir: string): string {
  return writeTree(dir, {
    'Ana Lima_101_assignsubmission_file_/Gather (1).ts': gather.full(),
    'Ana Lima_101_assignsubmission_file_/gather-notes.md': '# what I tried\n',
    'Kō Tanaka_102_assignsubmission_file_/gather.ts': gather.one(),
    'Kō Tanaka_102_assignsubmission_file_/gather (1).ts': gather.none(),
    'Ravi Patel_103_assignsubmission_file_/gahter.ts': gather.full(),
  });
}

/** Gradescope: a group of two (one submission) and one student known by email only. */
export function gradescopeExport(dir: string): string {
  return writeTree(dir, {
    'submission_metadata.yml': [
      'submission_301:',
      '  :submitters:',
      '  - :name: Ravi Patel',
      "    :sid: '9001'",
      '    :email: ravi@example.edu',
      '  - :name: Mei Chen',
      "    :sid: '9002'",
      '    :email: mei@example.edu',
      '  :created_at: 2025-03-01 10:00:00.000000000 -08:00',
      '  :score: 0.0',
      'submission_302:',
      '  :submitters:',
      '  - :name: Sam Ortiz',
      '    :email: sam@example.edu',
      '  :created_at: 2025-03-01 11:00:00.000000000 -08:00',
      '',
    ].join('\n'),
    'submission_301/gather.ts': gather.full(),
    'submission_302/ex02-gather/gather.ts': gather.one(),
  });
}

/** GitHub Classroom: two clones of `concurrency-lab` (logins with a dash and a digit). */
export function classroomClones(dir: string): string {
  return writeTree(dir, {
    'concurrency-lab-octo-cat/exercises/ex02-gather/gather.ts': gather.full(),
    'concurrency-lab-dev42/exercises/ex02-gather/gather.ts': gather.none(),
    'concurrency-lab-dev42/.git/HEAD': 'ref: refs/heads/main\n',
  });
}
