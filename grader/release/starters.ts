import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Course, Exercise } from '../course/types';
import { schemaProblems, SchemaError } from '../schemas';

// The release fingerprints every starter file, so that the student copy's CI can tell an exercise
// the student has not begun (its files still the starters, byte for byte) from one that fails:
// a first pull request is then not red for six exercises nobody has opened yet.

/** Where a student copy keeps the fingerprints (absent in the instructor's repository). */
export const STARTERS_FILE = 'grader/release/starter-fingerprints.json';

export interface StarterRecord {
  version: 1;
  /** sha256 of each starter file, by `<folder>/<file>`. */
  files: Record<string, string>;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The fingerprints of the course's starters, as the release writes them. */
export function starterRecord(course: Course): StarterRecord {
  const files: Record<string, string> = {};
  for (const exercise of course.exercises)
    for (const file of exercise.files) {
      const starter = path.join(exercise.dir, file);
      if (fs.existsSync(starter))
        files[`${exercise.folder}/${file}`] = sha256(fs.readFileSync(starter));
    }
  return { version: 1, files };
}

/**
 * The exercises of a student copy whose every file is still its starter; none outside a student
 * copy (no fingerprints: the instructor's exercises are the starters themselves).
 */
export function notStarted(course: Course, root = course.root): Exercise[] {
  const file = path.join(root, ...STARTERS_FILE.split('/'));
  if (!fs.existsSync(file)) return [];
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as StarterRecord;
  const problems = schemaProblems('starters', record, STARTERS_FILE);
  if (problems.length > 0) throw new SchemaError(problems);
  return course.exercises.filter((exercise) =>
    exercise.files.every((name) => {
      const expected = record.files[`${exercise.folder}/${name}`];
      const own = path.join(exercise.dir, name);
      return (
        expected !== undefined && fs.existsSync(own) && sha256(fs.readFileSync(own)) === expected
      );
    }),
  );
}

/** What CI says of them: where they are, and that they cost nothing until begun. */
export function notStartedText(exercises: readonly Exercise[]): string {
  const ids = exercises.map((exercise) => exercise.id).join(', ');
  return `Not started: ${ids} (${exercises.length === 1 ? 'its files are' : 'their files are'} still the starters as handed out). Not graded here until you change ${exercises.length === 1 ? 'it' : 'one'}, so ${exercises.length === 1 ? 'it does' : 'they do'} not fail this run.`;
}
