import * as fs from 'fs';
import * as path from 'path';
import { solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { readVariants } from '../verify/variants';

export const KINDS = ['correct', 'wrong', 'not-compiling', 'hanging'] as const;
export type Kind = (typeof KINDS)[number];

// Every ten submissions: six correct, two with a known mistake, one that does not compile, one
// that never finishes loading. Hangs are kept rare because each one costs a whole load limit.
const CYCLE: Kind[] = [
  'correct',
  'wrong',
  'correct',
  'not-compiling',
  'correct',
  'hanging',
  'correct',
  'wrong',
  'correct',
  'correct',
];

export const kindOf = (index: number): Kind => CYCLE[index % CYCLE.length];

/** How many submissions of each kind a class of `count` holds. */
export function classMix(count: number): Record<Kind, number> {
  const mix = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>;
  for (let index = 0; index < count; index++) mix[kindOf(index)]++;
  return mix;
}

export interface Student {
  id: string;
  kind: Kind;
}

/**
 * A generated class of `count` submissions in the `folders` layout (one student copy each), made
 * from the course's own solutions and known-wrong solutions; every exercise gets the same kind.
 */
export function writeClass(
  course: Course,
  exercises: Exercise[],
  count: number,
  dir: string,
): Student[] {
  fs.rmSync(dir, { recursive: true, force: true });
  const wrongs = new Map(
    exercises.map((exercise) => [exercise, readVariants(course, exercise).variants]),
  );
  const students: Student[] = [];
  for (let index = 0; index < count; index++) {
    const student = { id: `s${String(index + 1).padStart(3, '0')}`, kind: kindOf(index) };
    students.push(student);
    for (const exercise of exercises) {
      const files = filesFor(course, exercise, student.kind, wrongs.get(exercise)!, index);
      for (const [file, text] of Object.entries(files)) {
        const target = path.join(dir, student.id, 'exercises', exercise.folder, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
      }
    }
  }
  return students;
}

function filesFor(
  course: Course,
  exercise: Exercise,
  kind: Kind,
  wrongs: { files: Record<string, string> }[],
  index: number,
): Record<string, string> {
  if (kind === 'wrong' && wrongs.length > 0) return wrongs[index % wrongs.length].files;
  const files: Record<string, string> = {};
  for (const file of exercise.files)
    files[file] = fs.readFileSync(path.join(solutionDir(course, exercise), file), 'utf8');
  const first = exercise.files[0];
  if (kind === 'not-compiling') files[first] += "\nconst oops: number = 'not a number';\n";
  // The module never finishes loading: every test file that imports it waits.
  if (kind === 'hanging') files[first] += '\nwhile (true) {}\n';
  return files;
}
