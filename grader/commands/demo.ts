import * as fs from 'fs';
import * as path from 'path';
import { selectExercises } from '../batch/schedule/plan';
import { buildSampleClass } from '../batch/sample-class';
import { graderRoot, displayPath, STATE } from '../paths';
import { grade } from './grade';
import { EXIT, Io } from '../io';

export interface DemoOptions {
  exercises?: string;
  jobs?: number;
}

export const demoDir = STATE.demo;

/** `npm run demo`: build a small class from the course's own solutions and mistakes, grade it. */
export async function demo(options: DemoOptions, io: Io): Promise<number> {
  const queries = options.exercises
    ?.split(',')
    .map((query) => query.trim())
    .filter(Boolean);
  const { course, exercises } = selectExercises(graderRoot, queries);
  const submissions = path.join(demoDir, 'submissions');
  const out = path.join(demoDir, 'out');
  const students = buildSampleClass(course, exercises, submissions);
  io.out(
    `A sample class of ${students.length} in ${displayPath(submissions)}: ${students.join(', ')}\n` +
      `Grading ${exercises.length} exercise${exercises.length === 1 ? '' : 's'} each, with the hidden tests...\n\n`,
  );
  const code = await grade({ submissions, out, exercises: queries, jobs: options.jobs }, io);
  if (code !== EXIT.ok) return code;
  const feedback = path.join(out, 'students', students[2], 'feedback.md');
  io.out(
    `\nLook at ${displayPath(path.join(out, 'gradebook.csv'))} and ${displayPath(feedback)}.\n` +
      `Run the demo again: nothing is regraded (the results are kept); add --force to a grade command to regrade.\n` +
      `See docs/grading.md for grading a real class.\n`,
  );
  return fs.existsSync(feedback) ? EXIT.ok : EXIT.failed;
}
