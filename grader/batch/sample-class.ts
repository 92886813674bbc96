import * as fs from 'fs';
import * as path from 'path';
import { zipSync } from 'fflate';
import { solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { readVariants } from '../verify/variants';

type Files = Record<string, Buffer>;

/**
 * A small class made from the course itself, for `npm run demo`: a student with every solution,
 * one with the untouched starters, one who made each exercise's first known mistake, and one who
 * handed in a zip with half the exercises and a file that does not compile.
 */
export function buildSampleClass(course: Course, exercises: Exercise[], dir: string): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const solution = (exercise: Exercise) => filesOf(exercise, solutionDir(course, exercise));
  const starter = (exercise: Exercise) => filesOf(exercise, exercise.dir);
  const firstMistake = (exercise: Exercise) => {
    const variant = readVariants(course, exercise).variants[0];
    if (!variant) return solution(exercise);
    const files: Files = {};
    for (const [file, text] of Object.entries(variant.files)) files[file] = Buffer.from(text);
    return files;
  };

  writeRepo(path.join(dir, 'ada-solutions'), exercises, solution);
  writeRepo(path.join(dir, 'ben-starters'), exercises, starter);
  writeRepo(path.join(dir, 'cy-known-mistakes'), exercises, firstMistake);

  const zipped: Files = {};
  exercises.forEach((exercise, index) => {
    if (index % 2 === 1) return;
    for (const [file, content] of Object.entries(solution(exercise))) {
      const broken =
        index === 0
          ? Buffer.concat([content, Buffer.from("\nconst oops: number = 'not a number';\n")])
          : content;
      zipped[`dee-repo/exercises/${exercise.folder}/${file}`] = broken;
    }
  });
  fs.writeFileSync(path.join(dir, 'dee-half-done.zip'), zipSync(zipped));
  return ['ada-solutions', 'ben-starters', 'cy-known-mistakes', 'dee-half-done'];
}

function filesOf(exercise: Exercise, from: string): Files {
  const files: Files = {};
  for (const file of exercise.files) {
    const source = path.join(from, file);
    if (fs.existsSync(source)) files[file] = fs.readFileSync(source);
  }
  return files;
}

function writeRepo(root: string, exercises: Exercise[], pick: (exercise: Exercise) => Files): void {
  for (const exercise of exercises) {
    for (const [file, content] of Object.entries(pick(exercise))) {
      const target = path.join(root, 'exercises', exercise.folder, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
}
