import * as fs from 'fs';
import * as path from 'path';
import { loadExercise } from '../course/find';
import { exercisesDir } from '../course/layout';
import { courseRoot, displayPath } from '../paths';
import { redactHidden } from '../result/redact';
import { ResultDocument, summarize } from '../result/types';
import { renderTerminal } from '../report/terminal';
import { runExercise } from '../run/run-exercise';
import { writeValidJson } from '../schemas';
import { EXIT, Io } from './io';
import { chooseSandbox } from './sandbox-choice';

export interface CheckOptions {
  exercise: string;
  /** Folder holding the exercise folders (default: this course's exercises/). */
  subject?: string;
  json?: string;
  reveal?: boolean;
  /** Run the type-check and tests in the job sandbox, as grading does (bubblewrap required). */
  sandbox?: boolean;
}

/** Where the last result of each exercise is kept, for `grader list`. */
export const lastResultPath = (id: string) =>
  path.join(courseRoot, '.grader', 'results', `${id}.json`);

/** `npm run check ex04`: grade one exercise of the student's own copy and explain the result. */
export async function check(options: CheckOptions, io: Io): Promise<number> {
  const { course, exercise } = loadExercise(courseRoot, options.exercise);
  const root = path.resolve(options.subject ?? exercisesDir(course.root));
  const label = options.subject ? displayPath(root) : 'exercises/';
  const sandbox = options.sandbox ? chooseSandbox('required', io) : undefined;
  io.out(`Checking ${exercise.id} (${exercise.title})...\n`);
  const result = await runExercise(exercise, { label, root }, { sandbox });
  const document = summarize(label, [result]);
  const shareable = options.reveal ? document : redactHidden(document);
  writeValidJson('result', lastResultPath(exercise.id), shareable);
  if (options.json) writeValidJson('result', path.resolve(options.json), shareable);
  io.out(
    renderTerminal(document, {
      reveal: options.reveal,
      color: io.color,
      pathPrefix: pathPrefixFor(root),
    }),
  );
  return exitCodeFor(document);
}

export function exitCodeFor(document: ResultDocument): number {
  return document.status === 'pass' ? EXIT.ok : EXIT.failed;
}

function pathPrefixFor(root: string): string {
  const shown = displayPath(root, process.cwd());
  return shown === '' ? '' : `${shown}/`;
}

export function readLastResult(id: string): ResultDocument | undefined {
  const file = lastResultPath(id);
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ResultDocument)
    : undefined;
}
