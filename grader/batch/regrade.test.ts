/**
 * @runAlone grades a racy submission ten times (a class of five copies, graded twice), on both cores
 */
import * as fs from 'fs';
import * as path from 'path';
import { grade } from '../commands/grade';
import { loadCourse } from '../course/load';
import type { Io } from '../io';
import { graderRoot } from '../paths';
import type { Gradebook, JobRecord } from '../result/gradebook';
import { schemaProblems } from '../schemas';
import { temporaryFolder } from '../test/scratch';
import { readVariants } from '../verify/variants';
import { jobFile } from './output/store';

// Issue 25: a racy submission graded again must get the same number. A class of five copies of
// this course's own racy known-wrong solution is graded twice, independently: ten gradings of it,
// each a job of its own with its own test processes; the manifest's runs decide each (a test
// passes only if it passes every run). Both gradings must write the same gradebook, byte for byte:
// it holds no time. Cost: the ten jobs, measured in docs/grading.md.

const EXERCISE = 'ex03';
/** The lock's state in a plain field: each worker has a lock of its own, so nothing is locked. */
const VARIANT = 'plain-field';
const COPIES = 5;
const GRADINGS = 2 * COPIES;

const job = (out: string, student: string) =>
  JSON.parse(fs.readFileSync(jobFile(out, student, EXERCISE), 'utf8')) as JobRecord;

function recorder() {
  let text = '';
  const io: Io = { out: (chunk) => (text += chunk), err: (chunk) => (text += chunk), color: false };
  return { io, text: () => text };
}

function classOfCopies(): string {
  const course = loadCourse(graderRoot);
  const exercise = course.exercises.find((each) => each.id === EXERCISE)!;
  const variant = readVariants(course, exercise).variants.find((each) => each.name === VARIANT);
  if (!variant) throw new Error(`no known-wrong ${EXERCISE} variant named ${VARIANT}`);
  const dir = temporaryFolder('grader-regrade-class-');
  for (let copy = 1; copy <= COPIES; copy++)
    for (const [file, content] of Object.entries(variant.files)) {
      const target = path.join(dir, `s${String(copy).padStart(2, '0')}`, exercise.folder, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  return dir;
}

test(`ten gradings of one racy ${EXERCISE} submission give one number, and grading the class again writes the same gradebook`, async () => {
  const submissions = classOfCopies();
  // The class is graded twice, into two folders, at the same time, two jobs each: a job's test
  // files run one after another and leave a core idle while a process starts or waits, so four
  // jobs keep both cores busy, and the last job of each grading still has the other beside it.
  const gradeInto = async (out: string) => {
    const { io, text } = recorder();
    const code = await grade(
      { submissions, out, exercises: EXERCISE, jobs: 2, progress: 'lines', layout: 'folders' },
      io,
    );
    if (code !== 0) throw new Error(`grade exited ${code}:\n${text()}`);
    const json = fs.readFileSync(path.join(out, 'gradebook.json'), 'utf8');
    const csv = fs.readFileSync(path.join(out, 'gradebook.csv'), 'utf8');
    const gradebook = JSON.parse(json) as Gradebook;
    const verdicts = gradebook.students.map((row) =>
      job(out, row.id).result.tests.map(
        (test) => `${test.status} ${test.failed_runs ?? '-'}/${test.runs ?? '-'} ${test.name}`,
      ),
    );
    return { json, csv, gradebook, verdicts };
  };
  const started = Date.now();
  const [first, second] = await Promise.all(
    [1, 2].map((each) => gradeInto(temporaryFolder(`grader-regrade-out${each}-`))),
  );
  const seconds = (Date.now() - started) / 1000;
  expect(schemaProblems('gradebook', first.gradebook, 'gradebook.json')).toEqual([]);

  // Nothing in the gradebook is a time: grading the same class again gives the same bytes.
  expect(first.json).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  expect(second.json).toBe(first.json);
  expect(second.csv).toBe(first.csv);

  // Every grading has the same verdict on every test (a difference shows which test and its
  // runs), hence one number, and not full marks: the race was caught in every grading.
  const all = [...first.verdicts, ...second.verdicts];
  expect(all).toHaveLength(GRADINGS);
  for (const verdict of all.slice(1)) expect(verdict).toEqual(all[0]);
  const { gradebook } = first;
  const scores = gradebook.students.map((row) => row.exercises[EXERCISE].score);
  expect(new Set(scores)).toEqual(new Set([scores[0]]));
  expect(scores[0]).toBeLessThan(gradebook.exercises[0].max_score);
  // The rows are the same but for the student's id.
  const rows = new Set(gradebook.students.map(({ id: _id, ...row }) => JSON.stringify(row)));
  expect(rows.size).toBe(1);
  // What tests varied, if any, is in the summary, the same for every copy or not at all.
  expect((gradebook.summary.varied ?? []).length % COPIES).toBe(0);
  // Printed, so the cost of the ten gradings stays known.
  console.log(`${GRADINGS} gradings of ${EXERCISE} ${VARIANT}: ${seconds.toFixed(1)} s`);
}, 900_000);
