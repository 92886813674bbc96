import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { grade } from '../commands/grade';
import type { Io } from '../io';
import { merge } from '../commands/merge';
import { batchCourse } from '../test/batch-class';
import { canvasRoster, canvasZip } from '../test/lms-exports';
import type { Gradebook } from '../result/gradebook';

// A Canvas download of three students and a roster of three (one submitted nothing, one
// submission is on no roster line), graded once whole and once as the pods of a Kubernetes
// Indexed Job would (--shard auto, JOB_COMPLETION_INDEX=0..2 of --shards 3), then merged: the
// same gradebook, byte for byte, and the same import files. Only ex02, so that it stays quick.

const made: string[] = [];
const tmp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function recorder() {
  const out: string[] = [];
  const io: Io = { out: (text) => out.push(text), err: (text) => out.push(text), color: false };
  return { io, text: () => out.join('') };
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
function comparable(dir: string) {
  const { generated_at: _at, ...gradebook } = JSON.parse(read(dir, 'gradebook.json')) as Gradebook;
  return {
    gradebook,
    csv: read(dir, 'gradebook.csv'),
    canvas: read(dir, 'canvas-import.csv'),
    moodle: read(dir, 'moodle-import.csv'),
  };
}

let classDir: string;
let roster: string;
const common = () => ({
  submissions: classDir,
  course: batchCourse,
  exercises: 'ex02',
  roster,
  export: 'canvas,moodle',
  assignment: 'Concurrency lab (12345)',
  jobs: 2,
  progress: 'lines' as const,
});

beforeAll(() => {
  classDir = tmp('grader-canvas-class-');
  canvasZip(classDir);
  roster = path.join(tmp('grader-roster-'), 'roster.csv');
  fs.writeFileSync(roster, canvasRoster);
});

test('Indexed Job shards (JOB_COMPLETION_INDEX=0..2) merge into the unsharded gradebook', async () => {
  const whole = tmp('grader-whole-');
  const printed = recorder();
  expect(await grade({ ...common(), out: whole }, printed.io)).toBe(0);

  const shards: string[] = [];
  for (const index of [0, 1, 2]) {
    const out = tmp(`grader-pod${index}-`);
    const { io, text } = recorder();
    const env = { JOB_COMPLETION_INDEX: String(index) };
    const code = await grade({ ...common(), out, shard: 'auto', shards: 3, env }, io);
    if (code !== 0) throw new Error(`pod ${index} exited ${code}:\n${text()}`);
    shards.push(out);
  }
  const runs = shards.map((dir) => JSON.parse(read(dir, 'run.json')) as { students: string[] });
  expect(runs.map((run) => run.students)).toEqual([['1001', '1004'], ['1002'], ['1003']]);

  const merged = tmp('grader-merged-');
  const mergePrinted = recorder();
  expect(merge({ dirs: shards, out: merged }, mergePrinted.io)).toBe(0);
  expect(comparable(merged)).toEqual(comparable(whole));

  // And what the class is: the latest resubmission graded, LATE kept, the missing student at 0.
  const { gradebook, csv, canvas } = comparable(whole);
  expect(
    gradebook.students.map((row) => [
      row.id,
      row.total,
      row.exercises.ex02.status,
      row.late ?? false,
      row.roster ?? 'on',
    ]),
  ).toEqual([
    ['1001', 3, 'pass', false, 'on'],
    ['1002', 1, 'fail', true, 'on'],
    ['1003', 3, 'pass', false, 'unmatched'],
    ['1004', 0, 'missing', false, 'missing'],
  ]);
  expect(csv.split('\r\n').slice(0, 3)).toEqual([
    'student,name,email,sis_id,section,late,ex02,ex02 status,total,max',
    'Points Possible,,,,,,3,,3,3',
    '1001,"Doe, Jane",jane@example.edu,S-001,Section A,,3,pass,3,3',
  ]);
  expect(canvas.split('\r\n').slice(0, 2)).toEqual([
    'Student,ID,SIS User ID,SIS Login ID,Section,Concurrency lab (12345)',
    'Points Possible,,,,,3',
  ]);
  expect(gradebook.intake?.unmatched).toEqual(['1003']);
  expect(gradebook.imports).toEqual([
    { file: 'canvas-import.csv', left_out: ['1003: not on the roster'] },
    { file: 'moodle-import.csv', left_out: ['1003: not on the roster', '1004: no email'] },
  ]);
  // Detection, skipped files and the unmatched submission are printed, by grade and by merge.
  for (const text of [printed.text(), mergePrinted.text()]) {
    expect(text).toMatch(/--layout auto: submissions\.zip is the only entry/);
    expect(text).toMatch(/doejane_1001_5001_gather-1\.ts: an older copy of gather\.ts/);
    expect(text).toMatch(/WARNING: 1 submission matched no roster student[^\n]*\n {2}1003\n/);
    expect(text).toMatch(
      /On the roster, nothing submitted \(1, 0 points\): 1004 \(Lin Ångström-Zoë\)/,
    );
  }
}, 240_000);
