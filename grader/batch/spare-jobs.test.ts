import * as fs from 'fs';
import * as path from 'path';
import { grade } from '../commands/grade';
import type { Io } from '../io';
import type { JobRecord } from '../result/gradebook';
import { batchCourse } from '../test/batch-class';
import { temporaryFolder as tmp } from '../test/scratch';
import { jobFile } from './output/store';

// Spare jobs (--spare-jobs): a job that looks stuck lets the next one start beside it. Mostly a
// wait (the stuck job's load limit), so this file shares the cores with others instead of running
// alone with the class gradings of grade.test.ts.

function recorder() {
  const out: string[] = [];
  const io: Io = { out: (text) => out.push(text), err: (text) => out.push(text), color: false };
  return { io, out: () => out.join('') };
}

const job = (out: string, student: string, exercise: string) =>
  JSON.parse(fs.readFileSync(jobFile(out, student, exercise), 'utf8')) as JobRecord;

test('with a spare job, a job that looks stuck lets the next start beside it, though there is one lane', async () => {
  const solutionLock = fs.readFileSync(
    path.join(batchCourse, 'solutions', 'ex01-lock', 'lock.ts'),
    'utf8',
  );
  const submissions = tmp('grader-stuck-class-');
  const write = (student: string, source: string) => {
    const file = path.join(submissions, student, 'exercises', 'ex01-lock', 'lock.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
  };
  // Graded first (class order): its import waits without end, so its job waits out the load limit.
  write(
    'a-stuck',
    `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n${solutionLock}`,
  );
  write('b-honest', solutionLock);
  const out = tmp('grader-stuck-out-');
  const { io, out: printed } = recorder();
  const code = await grade(
    {
      submissions,
      out,
      course: batchCourse,
      exercises: 'ex01',
      jobs: 1,
      spareJobs: 1,
      stallMs: 500,
      progress: 'lines',
    },
    io,
  );
  expect(code).toBe(0);
  // Who ran at the same moment, not who ended first: on a loaded machine the honest job may take
  // longer than the stuck one's load limit, but it must have begun before that job ended.
  // graded_at is written after the run, so graded_at - duration_ms is at or after the run began.
  const finished = (student: string) => Date.parse(job(out, student, 'ex01').graded_at);
  const began = (student: string) =>
    finished(student) - job(out, student, 'ex01').result.duration_ms;
  expect(began('b-honest')).toBeLessThan(finished('a-stuck'));
  expect(job(out, 'b-honest', 'ex01').result.status).toBe('pass');
  expect(job(out, 'a-stuck', 'ex01').result.tests.every((test) => test.status === 'timeout')).toBe(
    true,
  );
  expect(printed()).toMatch(/\[\d\/2\] b-honest/);
}, 120_000);
